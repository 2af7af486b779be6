"""``gridbase token create|list|revoke``: API tokens for the REST API.

The plaintext of a token is printed once, as the last line of ``create``'s output, so scripts
can take it with ``tail -n1``; the database keeps only its hash.
"""

from __future__ import annotations

import argparse
from typing import Any

from cli.common import db_option, in_store
from core.schema.bases import resolve_base
from core.tokens.service import ROLES, create_token, list_tokens, revoke_token, token_json


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("token", help="create, list and revoke API tokens",
                              description="Manage API tokens (xc-token / Bearer) for the REST API.")
    actions = p.add_subparsers(title="actions", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create a token (printed once, on the last line)")
    db_option(create)
    create.add_argument("--name", required=True, help="what the token is for")
    create.add_argument("--role", choices=ROLES, default="editor",
                        help="editor (read and write) or viewer (read only); default: %(default)s")
    create.add_argument("--base", metavar="ID|TITLE", help="limit the token to one base")
    create.set_defaults(func=run_create)
    listing = actions.add_parser("list", help="list tokens (never their secrets)")
    db_option(listing)
    listing.add_argument("--all", action="store_true", help="include revoked tokens")
    listing.set_defaults(func=run_list)
    revoke = actions.add_parser("revoke", help="revoke a token by id")
    db_option(revoke)
    revoke.add_argument("token_id", metavar="TOKEN_ID", help="the token's id (tk…)")
    revoke.set_defaults(func=run_revoke)


def run_create(args: argparse.Namespace) -> int:
    async def work() -> tuple[dict[str, object], str]:
        base_id = (await resolve_base(args.base)).id if args.base else None
        token, plaintext = await create_token(args.name, args.role, base_id)
        return token_json(token), plaintext

    info, plaintext = in_store(args.db, work)
    scope = f"base {info['base_id']}" if info["base_id"] else "all bases"
    print(f"Created token {info['id']} '{info['name']}' ({info['role']}, {scope}).")
    print("Copy it now: it is shown only once.")
    print(plaintext)
    return 0


def run_list(args: argparse.Namespace) -> int:
    async def work() -> list[dict[str, object]]:
        return [token_json(t) for t in await list_tokens(include_revoked=args.all)]

    rows = in_store(args.db, work)
    if not rows:
        print("No tokens.")
        return 0
    print(f"{'ID':<18} {'NAME':<24} {'ROLE':<7} {'BASE':<18} {'HINT':<6} {'CREATED':<25} LAST USED")
    for r in rows:
        name = f"{r['name']} (revoked)" if r["revoked"] else str(r["name"])
        print(f"{r['id']!s:<18} {name:<24} {r['role']!s:<7} {r['base_id'] or '-'!s:<18} "
              f"{r['hint']!s:<6} {r['created_at']!s:<25} {r['last_used_at'] or 'never'}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    token = in_store(args.db, lambda: revoke_token(args.token_id))
    print(f"Revoked token {token.id} '{token.name}'.")
    return 0
