"""`actionplan openapi [-o FILE]`: the API's OpenAPI document (commit it as openapi.json)."""

import argparse
import sys
from pathlib import Path


def register(commands, setup) -> None:
    command = commands.add_parser("openapi", help="write the API's OpenAPI document")
    command.add_argument("-o", "--output", help="file to write (default: standard output)")

    def run(args: argparse.Namespace) -> None:
        setup()
        from actionplan.core.errors import ActionplanError

        from .openapi import openapi_text

        text = openapi_text()
        if not args.output:
            sys.stdout.write(text)
            return
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ActionplanError(f"Cannot write {args.output}: {exc.strerror}") from exc

    command.set_defaults(func=run)
