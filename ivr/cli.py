"""The ``ivr`` command: ``ivr serve`` runs the line on this machine."""

from __future__ import annotations

import argparse
import logging
import sys

from .menus import MenuError


def _serve(args: argparse.Namespace) -> int:
    from .settings import Settings
    from .web import create_app

    settings = Settings.from_env()
    try:
        app = create_app(settings)
    except MenuError as exc:
        print("The line cannot start: the menus have problems.\n", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    base = f"http://{args.host}:{args.port}"
    print(f"{app.extensions['ivr']['store'].current().menus.line.name} is running.")
    print(f"  This server:          {base}/")
    print(f"  Twilio voice webhook: {base}/voice          (A call comes in, HTTP POST)")
    print(f"  Twilio fallback URL:  {base}/voice/fallback (Primary handler fails, HTTP POST)")
    print(f"  Health check:         {base}/healthz")
    if not settings.auth_token:
        print("  TWILIO_AUTH_TOKEN is not set, so the webhooks refuse every request until it is.")
    print("  Twilio needs a public HTTPS address: put this behind a tunnel or proxy and set IVR_PUBLIC_URL.")
    sys.stdout.flush()
    app.run(host=args.host, port=args.port, debug=False, use_reloader=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="ivr", description="The safety line's phone menu.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the line on this machine")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.set_defaults(run=_serve)
    from .maintain import add_commands  # check, simulate, hours, graph

    add_commands(sub)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
