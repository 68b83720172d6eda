"""A local S3-compatible server (moto) for the object-store mount tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3  # the dev extra installs it, and moto's server

SECRET = "s3cr3t-never-in-state"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def moto_server(**env: str) -> Iterator[str]:
    """A moto server on 127.0.0.1 (its URL), stopped at the end. ``env``: moto settings,
    e.g. ``INITIAL_NO_AUTH_ACTION_COUNT="0"`` to make it check credentials."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def make_bucket(endpoint: str, name: str, objects: dict[str, bytes]) -> Any:
    """A bucket holding ``objects``; the boto3 client, with ``.name`` set to the bucket."""
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key=SECRET,
    )
    client.create_bucket(Bucket=name)
    for key, body in objects.items():
        client.put_object(Bucket=name, Key=key, Body=body)
    client.name = name
    return client


def body(bucket: Any, key: str) -> bytes | None:
    """The object's bytes, or None when it does not exist."""
    try:
        data: bytes = bucket.get_object(Bucket=bucket.name, Key=key)["Body"].read()
        return data
    except bucket.exceptions.NoSuchKey:
        return None


def bucket_name(node_name: str) -> str:
    """A valid bucket name from a test's name."""
    return node_name.replace("_", "-").lower()[:50].strip("-")
