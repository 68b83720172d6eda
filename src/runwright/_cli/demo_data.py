"""The demo's shop: a small SQLite orders database and a help-centre search.

The tools of ``runwright demo`` do real work on this data: they read and
update ``orders.db`` in the demo's data directory, so a refund issued in one
invocation is still there in the next.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY,
    customer TEXT NOT NULL,
    item TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    status TEXT NOT NULL,
    placed_on TEXT NOT NULL,
    refunded_cents INTEGER NOT NULL DEFAULT 0
);
"""

_SEED = [
    (1041, "Sam Rivera", "USB-C charging cable", 1499, "delivered", "2026-10-02"),
    (1042, "Dana Whitfield", "Noise-cancelling headphones", 12900, "delivered", "2026-11-12"),
    (1043, "Dana Whitfield", "Headphone stand", 2450, "shipped", "2026-11-18"),
    (1044, "Ari Kato", "Mechanical keyboard", 8900, "processing", "2026-11-21"),
]

# Share of the price refunded, by reason: the shop's refund policy.
REFUND_POLICY = {"damaged": 1.0, "not_delivered": 1.0, "late": 0.2, "changed_mind": 0.85}

HELP_CENTRE = [
    (
        ("crash", "order history", "freeze"),
        "App crashes on the order-history screen (fixed in app 4.2.1): update the app from "
        "your app store; if it still crashes, sign out and back in to rebuild the local cache.",
    ),
    (
        ("login", "log in", "password", "sign in"),
        "Can't sign in: use 'Forgot password' on the sign-in screen; reset links expire "
        "after 30 minutes.",
    ),
    (
        ("notification", "email"),
        "Missing emails: check your spam folder and add orders@example.shop to your contacts.",
    ),
]


@dataclass(frozen=True)
class Order:
    """One order row; amounts in cents."""

    id: int
    customer: str
    item: str
    amount_cents: int
    status: str
    placed_on: str
    refunded_cents: int

    def to_dict(self) -> dict[str, Any]:
        """The order with amounts in currency units, as the tools report it."""
        data = asdict(self)
        data["amount"] = self.amount_cents / 100
        data["refunded"] = self.refunded_cents / 100
        del data["amount_cents"], data["refunded_cents"]
        return data


class OrdersDB:
    """The demo's orders, in ``<data_dir>/orders.db`` (created and seeded on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.executescript(_SCHEMA)
            conn.executemany(
                "INSERT OR IGNORE INTO orders (id, customer, item, amount_cents, status, placed_on)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                _SEED,
            )

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # A connection per operation: tools may run on any thread, and the demo is tiny.
        conn = sqlite3.connect(str(self.path), timeout=10)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def get(self, order_id: int) -> Order | None:
        """The order, or None when there is no such order."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT id, customer, item, amount_cents, status, placed_on, refunded_cents"
                " FROM orders WHERE id = ?",
                (order_id,),
            ).fetchone()
        return None if row is None else Order(*row)

    def refund(self, order_id: int, amount_cents: int) -> Order:
        """Records a refund; raises ValueError when it is not allowed."""
        order = self.get(order_id)
        if order is None:
            raise ValueError(f"no order #{order_id}")
        if order.status == "refunded":
            raise ValueError(f"order #{order_id} was already refunded")
        if not 0 < amount_cents <= order.amount_cents - order.refunded_cents:
            raise ValueError(
                f"refund of {amount_cents / 100:.2f} is more than the "
                f"{(order.amount_cents - order.refunded_cents) / 100:.2f} left on order "
                f"#{order_id}"
            )
        with self._connect() as conn:
            conn.execute(
                "UPDATE orders SET status = 'refunded', refunded_cents = refunded_cents + ?"
                " WHERE id = ?",
                (amount_cents, order_id),
            )
        refreshed = self.get(order_id)
        assert refreshed is not None
        return refreshed


def refund_amount_cents(order: Order, reason: str) -> int:
    """What the refund policy pays back for ``reason`` (ValueError for unknown reasons)."""
    share = REFUND_POLICY.get(reason)
    if share is None:
        known = ", ".join(sorted(REFUND_POLICY))
        raise ValueError(f"unknown refund reason {reason!r} (known: {known})")
    return round((order.amount_cents - order.refunded_cents) * share)


def search_help_centre(query: str) -> list[str]:
    """Help-centre articles whose keywords appear in ``query`` (best first)."""
    text = query.lower()
    scored = [
        (sum(word in text for word in words), article)
        for words, article in HELP_CENTRE
        if any(word in text for word in words)
    ]
    return [article for _, article in sorted(scored, key=lambda pair: -pair[0])]
