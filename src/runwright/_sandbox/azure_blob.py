"""``AzureBlobMount`` on the local client: the container reached with azure-storage-blob.

The copy and the sync are s3.py's (the same download, conflict checks and resume
records as the S3-compatible mounts); this module is only how a container's blobs
are listed, read, written and deleted, and what the Azure SDK's errors mean to a
user. The endpoint is the mount's ``endpoint`` (the blob service URL, e.g.
Azurite's ``http://127.0.0.1:10000/devstoreaccount1``), else
``https://<account>.blob.core.windows.net``. Credentials: ``account_key`` (shared
key), else ``identity_client_id`` (a managed identity, with ``azure-identity``),
else none (a public container).

Needs ``azure-storage-blob`` (``pip install 'runwright[azure]'``), imported only
when a session has such a mount.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from runwright._core.exceptions import UserError

_AUTH_CODES = frozenset(
    {
        "AuthenticationFailed",
        "AuthorizationFailure",
        "AuthorizationPermissionMismatch",
        "InsufficientAccountPermissions",
        "InvalidAuthenticationInfo",
        "NoAuthenticationInformation",
    }
)


def endpoint_of(account: str, endpoint: str | None) -> str:
    """The blob service URL of ``account``."""
    url = endpoint or f"https://{account}.blob.core.windows.net"
    return url if "://" in url else "https://" + url


class AzureObjects:
    """One container's blobs, as the copy needs them (keys are blob names)."""

    def __init__(self, mount: Any, where: str) -> None:
        self.where = where
        self.mount = mount
        try:
            # optional dependency, only for sessions with an AzureBlobMount
            from azure.storage.blob import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
                ContainerClient,
                LinearRetry,
            )
        except ImportError:
            raise UserError(
                f"AzureBlobMount(account={mount.account!r}, container={mount.container!r}) "
                "needs azure-storage-blob on the runner's side to copy the container into the "
                "workspace: pip install 'runwright[azure]' (or pip install azure-storage-blob)."
            ) from None
        credential: Any = None
        if mount.account_key:
            credential = {"account_name": mount.account, "account_key": mount.account_key}
        elif mount.identity_client_id:
            try:
                # optional dependency, only for a managed identity
                from azure.identity import ManagedIdentityCredential  # type: ignore[import-untyped,import-not-found,unused-ignore]
            except ImportError:
                raise UserError(
                    f"AzureBlobMount(account={mount.account!r}) with identity_client_id needs "
                    "azure-identity for the managed identity: pip install azure-identity "
                    "(or give account_key)."
                ) from None
            credential = ManagedIdentityCredential(client_id=mount.identity_client_id)
        self.endpoint = endpoint_of(mount.account, mount.endpoint)
        try:
            self.client = ContainerClient(
                account_url=self.endpoint,
                container_name=mount.container,
                credential=credential,
                # the Azure SDK's default backs off for 15 s and more per retry
                retry_policy=LinearRetry(
                    backoff=1, random_jitter_range=0, retry_total=2, retry_connect=1
                ),
                connection_timeout=10,
                read_timeout=60,
            )
        except ValueError as error:
            raise UserError(f"AzureBlobMount {where}: {error}") from None

    def listing(self, prefix: str) -> Iterator[tuple[str, str, int]]:
        """(blob name, ETag, size) of every blob under ``prefix``."""
        for blob in self.client.list_blobs(name_starts_with=prefix or None):
            yield str(blob.name), _etag(blob.etag), int(blob.size or 0)

    def get(self, key: str, handle: Any) -> None:
        self.client.download_blob(key).readinto(handle)

    def etag(self, key: str) -> str | None:
        try:
            props = self.client.get_blob_client(key).get_blob_properties()
        except Exception as error:
            if _code(error) == "BlobNotFound":
                return None
            raise
        return _etag(props.etag)

    def put(self, key: str, handle: Any) -> None:
        self.client.upload_blob(key, handle, overwrite=True)

    def delete(self, key: str) -> None:
        self.client.delete_blob(key)

    def problem(self, error: BaseException) -> UserError:
        """A UserError saying what went wrong (the SDK's messages hold no keys)."""
        code = _code(error)
        name = type(error).__name__
        head = f"AzureBlobMount {self.where}"
        first = str(error).strip().splitlines()[0] if str(error).strip() else name
        if code == "ContainerNotFound":
            return UserError(
                f"{head}: the container {self.mount.container!r} does not exist "
                f"(ContainerNotFound)."
            )
        if code in _AUTH_CODES or name == "ClientAuthenticationError":
            return UserError(
                f"{head}: the store refused the credentials ({code or name}): {first} Check "
                "the mount's account and account_key (or identity) and its access to the "
                "container."
            )
        if code == "ResourceNotFound" or code == "AccountNotFound":
            return UserError(f"{head}: the account {self.mount.account!r} was not found ({code}).")
        if name in ("ServiceRequestError", "ServiceResponseError"):
            return UserError(f"{head}: cannot reach the endpoint {self.endpoint}: {first}")
        return UserError(f"{head}: {code or name}: {first}")


def _etag(value: Any) -> str:
    return str(value or "").strip('"')


def _code(error: BaseException) -> str | None:
    code = getattr(error, "error_code", None)
    if code is None:
        return None
    return str(getattr(code, "value", code))
