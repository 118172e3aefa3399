"""`valgus web`: the web app (log in, upload a clip, see the result, manage athletes);
`valgus web user add|list|password`: the accounts that can log in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from valgus.web.settings import DEFAULT_MAX_UPLOAD_MB

if TYPE_CHECKING:
    from valgus.web.settings import WebSettings

web_app = typer.Typer(
    help="Start the web app (`valgus web`), or manage its users (`valgus web user add NAME`).",
    no_args_is_help=False,
)
user_app = typer.Typer(help="Accounts of the web app (admin, clinician, coach of one team).")
web_app.add_typer(user_app, name="user")

DbOption = Annotated[
    str | None,
    typer.Option(help="Database URL or file (default: $VALGUS_DATABASE_URL or the user data dir)"),
]


@web_app.callback(invoke_without_command=True)
def web_command(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on (127.0.0.1: this computer only; 0.0.0.0: the LAN)"),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    db: DbOption = None,
    results: Annotated[
        Path | None,
        typer.Option(help="Folder for analysis results (default: <user data dir>/web-results)"),
    ] = None,
    max_upload_mb: Annotated[
        float, typer.Option(help="Largest accepted upload in MB")
    ] = DEFAULT_MAX_UPLOAD_MB,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            help="Host name the app answers to (repeat; e.g. valgus.clinic.lan). "
            "Requests for any other name are refused (DNS-rebinding guard)."
        ),
    ] = None,
    certfile: Annotated[
        Path | None, typer.Option(help="TLS certificate (PEM): serve HTTPS")
    ] = None,
    keyfile: Annotated[Path | None, typer.Option(help="TLS private key (PEM)")] = None,
    behind_proxy: Annotated[
        bool,
        typer.Option(
            help="A TLS reverse proxy on this machine forwards to the app (secure cookies)"
        ),
    ] = False,
    browser: Annotated[
        bool, typer.Option("--browser/--no-browser", help="Open the app in a browser")
    ] = True,
) -> None:
    """Start the web app and open it in a browser (users log in; see `valgus web user add`)."""
    if ctx.invoked_subcommand is not None:
        return
    from valgus.errors import InputError
    from valgus.web import WebSettings, create_app

    if max_upload_mb <= 0:
        raise InputError("--max-upload-mb must be a positive number of megabytes")
    if (certfile is None) != (keyfile is None):
        raise InputError("--certfile and --keyfile go together")
    for path in (certfile, keyfile):
        if path is not None and not path.is_file():
            raise InputError(f"{path} is not a readable file")
    if certfile is not None and keyfile is not None:
        _check_certificate(certfile, keyfile)
    hosts = {"127.0.0.1", "localhost", "::1", *(allowed_host or [])}
    if host not in ("0.0.0.0", "::"):
        hosts.add(host)
    tls = certfile is not None
    extra = {} if results is None else {"results_dir": results}
    settings = WebSettings(
        db_url=db,
        max_upload_mb=max_upload_mb,
        allowed_hosts=tuple(sorted(hosts)),
        secure_cookies=tls or behind_proxy,
        **extra,  # type: ignore[arg-type]
    )
    from valgus.web.running import check_port, serving

    check_port(host, port)
    with serving(settings.results_dir):
        _serve(create_app(settings), settings, host, port, tls, behind_proxy, browser,
               certfile, keyfile)  # fmt: skip


def _serve(
    app: Any,
    settings: WebSettings,
    host: str,
    port: int,
    tls: bool,
    behind_proxy: bool,
    browser: bool,
    certfile: Path | None,
    keyfile: Path | None,
) -> None:
    import uvicorn

    from valgus.cli.app import console

    scheme = "https" if tls else "http"
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"{scheme}://{shown}:{port}"
    if host not in ("127.0.0.1", "localhost", "::1") and not (tls or behind_proxy):
        console.print(
            f"[yellow]![/] listening on {host} without TLS: passwords and data cross the network "
            "unencrypted; use --certfile/--keyfile or a TLS reverse proxy (docs/web.md)."
        )
    console.print(
        f"valgus web: {url} (Ctrl+C to stop); answers to: {', '.join(settings.allowed_hosts)}"
    )
    console.print(f"results are kept in {settings.results_dir}")
    if browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        proxy_headers=behind_proxy,
    )


def _check_certificate(certfile: Path, keyfile: Path) -> None:
    """Load the certificate and key as the server will (one clear line instead of an SSL error)."""
    import ssl

    from valgus.errors import InputError

    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except (ssl.SSLError, OSError, ValueError) as error:
        reason = str(error)
        raise InputError(
            f"cannot serve HTTPS with {certfile.name} and {keyfile.name} ({reason[:80]}); "
            "give a PEM certificate and its unencrypted private key (docs/web.md)"
        ) from error


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


PasswordStdin = Annotated[
    bool, typer.Option(help="Read the password from the first line of standard input")
]


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[str, typer.Option(help="admin, clinician or coach")] = "clinician",
    team: Annotated[str | None, typer.Option(help="The team a coach sees (coaches only)")] = None,
    password_stdin: PasswordStdin = False,
    db: DbOption = None,
) -> None:
    """Create a user (the first one should be an admin)."""
    from valgus.cli.app import console
    from valgus.store.api import open_store
    from valgus.store.users import add_user

    password = _password(password_stdin)
    with open_store(db) as store:
        user = add_user(store, username, password, role, team)
    where = f" of team {user.team}" if user.team else ""
    console.print(f"user {user.username} added ({user.role}{where})")


@user_app.command("list")
def user_list(db: DbOption = None) -> None:
    """The users who can log in."""
    from valgus.cli.app import console
    from valgus.store.api import open_store
    from valgus.store.users import list_users

    with open_store(db) as store:
        users = list_users(store)
    if not users:
        console.print("no users yet: `valgus web user add NAME --role admin`")
    for user in users:
        console.print(f"{user.username}\t{user.role}\t{user.team or ''}", highlight=False)


@user_app.command("password")
def user_password(
    username: Annotated[str, typer.Argument(help="Login name")],
    password_stdin: PasswordStdin = False,
    db: DbOption = None,
) -> None:
    """Set a user's password."""
    from valgus.cli.app import console
    from valgus.store.api import open_store
    from valgus.store.users import set_password

    password = _password(password_stdin)
    with open_store(db) as store:
        set_password(store, username, password)
    console.print(f"password of {username} changed")


def register(app: typer.Typer) -> None:
    """Add `valgus web` and `valgus web user …`."""
    app.add_typer(web_app, name="web")
