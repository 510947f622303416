"""The cluster portal: a Django project in which firms, people and catalogues meet.

A thin layer over bidkit's library: every check, diff and price comes from the same functions the
command line calls.  The apps follow Django's conventions, one concern each:

* :mod:`bidkit.portal.accounts`: firms, people, their roles and profile language;
* :mod:`bidkit.portal.catalogues`: catalogue versions (upload, check, history, diff, download,
  template, impact on open bids, the overview);
* :mod:`bidkit.portal.audit`: the log of uploads, logins and permission changes.

Settings: :mod:`bidkit.portal.settings` (safe defaults, SQLite in the data folder) and
:mod:`bidkit.portal.settings_production` (behind TLS); docs/portal.md says how to deploy.
"""
