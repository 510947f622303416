"""``bidkit portal init|firm add|user add|serve``: the cluster portal (bidkit/portal/, docs/portal.md)."""

from __future__ import annotations

import sys

import click

from bidkit.cli import cli, say


@cli.group()
def portal() -> None:
    """The cluster portal: its data folder, firms, people, and the web server."""


@portal.command()
@click.option("--demo", is_flag=True, help="Add the sample firms, their catalogues, the example bid and a "
                                           "login per role, and print the logins.")  # fmt: skip
def init(demo: bool) -> None:
    """Create or update the data folder (./portal-data/ or $BIDKIT_PORTAL_HOME) and its database."""
    from bidkit.portal.setup import migrate, start

    home = start(create=True)
    migrate()
    say(f"portal data folder: {home}")
    if demo:
        from bidkit.portal.demo import add_demo

        logins = add_demo(home)
        say("demo logins (invented sample data; passwords are new on each run):")
        for login in logins:
            firm = f" (firm {login.firm})" if login.firm else ""
            say(f"  {login.role:<8} {login.username:<10} {login.password}{firm}")


@portal.group()
def firm() -> None:
    """Member firms."""


@firm.command("add")
@click.argument("firm_id", metavar="ID")
@click.option("--name", required=True, help='The firm\'s name, e.g. "PumpCo Nordic ApS".')
@click.option("--country", required=True, help="The firm's country (ISO code, e.g. DK).")
@click.option("--currency", default="", help="Currency of its prices (default DKK in Denmark, else EUR).")
@click.option("--language", type=click.Choice(["en", "da"]), default="en", show_default=True,
              help="Language of its blank catalogue template.")  # fmt: skip
def firm_add(firm_id: str, name: str, country: str, currency: str, language: str) -> None:
    """Add a firm under ID, the member id its catalogues and the bids use."""
    from bidkit.portal.setup import start

    start()
    from bidkit.portal.people import add_firm

    added = add_firm(firm_id, name, country, currency, language)
    say(f"added firm {added.id}: {added.name}")


@portal.group()
def user() -> None:
    """People and their roles."""


@user.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["member", "export", "reviewer"]))
@click.option("--firm", "firm_id", default=None, metavar="ID",
              help="The person's firm (members and reviewers).")  # fmt: skip
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (else prompt).")
def user_add(username: str, role: str, firm_id: str | None, password_stdin: bool) -> None:
    """Add a person who signs in as USERNAME."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    from bidkit.portal.setup import start

    start()
    from bidkit.portal.people import add_person

    add_person(username, role, firm_id, password)
    say(f"added {role} {username}" + (f" of firm {firm_id}" if firm_id else ""))


@portal.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
def serve(host: str, port: int, threads: int) -> None:
    """Run the portal with waitress (static files by whitenoise) until interrupted."""
    from bidkit.portal.serve import check_ready, run
    from bidkit.portal.setup import start

    start()
    check_ready()
    run(host, port, threads, lambda address: say(f"serving the portal on {address} (Ctrl+C stops)"))
