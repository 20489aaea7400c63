"""Personal codes and the coordinator's scanner: phone codes, printed badges, camera scanning."""
