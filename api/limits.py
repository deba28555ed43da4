"""Request bodies read with a size limit enforced while they arrive, not after."""

from __future__ import annotations

from fastapi import Request

from kb.errors import BadUpload


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, or ``BadUpload`` (413) as soon as it passes ``limit`` bytes. The body is kept on the
    request, so a later ``request.form()`` reads it from memory."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BadUpload(f"the request is {int(declared):,} bytes; at most {limit:,} are accepted", status=413)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadUpload(f"the request is larger than {limit:,} bytes, the most that is accepted", status=413)
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # starlette reads request.body() / form() from here once the stream is consumed
    return body
