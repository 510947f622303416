"""The audit log: uploads, logins and permission changes, for the export department to read."""
