"""Catalogue versions: upload and check, history, diff, download, template, impact, overview."""
