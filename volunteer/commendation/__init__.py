"""优秀志愿者评选: campaigns, nominations within quotas, review, public notice, the final list."""
