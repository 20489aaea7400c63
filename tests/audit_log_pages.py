"""The audit log page as the audit-log tests read it."""


def log_page(client, **args) -> str:
    response = client.get("/audit", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)
