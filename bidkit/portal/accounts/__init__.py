"""Firms, people, their roles and profile language."""
