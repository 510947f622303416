"""The Word proposal: template, text blocks, Jinja environment and PDF."""
