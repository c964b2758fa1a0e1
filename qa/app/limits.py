"""HTTP limits in front of the Gradio app: no file uploads, and a cap on the size of a request.

The interface takes text only, so Gradio's upload route (which would store anonymous files of any
size and return their path) is closed, and no request body may exceed ``MAX_BODY_BYTES`` — a
question is cut to 500 characters anyway, so 64 KB leaves room for a long conversation history.
Bodies sent without a Content-Length (chunked) are counted as they arrive.
"""

from __future__ import annotations

import contextlib
import json
import logging
from typing import Any

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
_CLOSED_SUFFIXES = ("/upload", "/upload_progress")


class _TooLarge(Exception):  # noqa: N818 - a signal that stops reading the body, never shown or raised out
    pass


async def _reply(send: Any, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RequestLimits:
    """ASGI middleware: 403 for the upload routes, 413 for a body over ``max_body`` bytes."""

    def __init__(self, app: Any, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "").rstrip("/")
        if path.endswith(_CLOSED_SUFFIXES):
            log.warning("refused upload request to %s from %s", path, scope.get("client"))
            await _reply(send, 403, "本服务不接受上传文件")
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _reply(send, 413, f"请求过大：上限 {self.max_body // 1024} KB")
            return
        seen = 0
        exceeded = replied = False

        async def counted_receive() -> dict[str, Any]:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            # The app may catch _TooLarge while reading the body and answer 400 on its own: once
            # the limit was hit, whatever it sends is replaced by the 413.
            nonlocal replied
            if not exceeded:
                replied = replied or message["type"] == "http.response.start"
                await send(message)
            elif not replied:
                replied = True
                await _reply(send, 413, f"请求过大：上限 {self.max_body // 1024} KB")

        with contextlib.suppress(_TooLarge):
            await self.app(scope, counted_receive, guarded_send)
        if exceeded and not replied:
            await _reply(send, 413, f"请求过大：上限 {self.max_body // 1024} KB")
