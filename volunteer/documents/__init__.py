"""Printed documents: plain data in, PDF bytes out (poster, certificates, honours, signing)."""
