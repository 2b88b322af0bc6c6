"""What kernel_proxy.py does with a kernel message whose signature fails.

Why: Deno 2.9.6's kernel sometimes writes one iopub message *inside* another
on the same TCP stream. Seen in `deno task check:hub` (4 of 9 runs once):
while the first figure of a session (a 4.6 MB `display_data`, plotly.js
inlined, before figures stopped carrying it) was still being written to a
reader that lagged (the student's cgroup at its CPU quota), the kernel wrote the cell's whole `status: idle`
message into the middle of it. The receiver reads the big frame by its
length, so the frame holds the idle message's wire bytes (ZMTP flags,
lengths, `<IDS|MSG>`, signature, JSON) and loses as many bytes at its end;
its HMAC no longer matches. jupyter_client then rejects it ("Invalid
Signature"), the idle inside is never seen, and the cell waits forever.

The bytes of the embedded message are intact, and it is signed: this module
finds every complete ZMTP-encoded message inside the frames of a rejected
one, checks each one's signature with the kernel's key (jupyter_client's
Session.deserialize), and returns them, so that the proxy can pass them on;
the damaged outer message cannot be rebuilt (its tail is gone) and is
reported by type and parent so the proxy can say so in the cell.
"""

import json

DELIM = b"<IDS|MSG>"
# A ZMTP 3 short frame with MORE set, 9 bytes long, holding the delimiter:
# how every Jupyter message without a routing prefix starts on the wire.
EMBEDDED_START = b"\x01\x09" + DELIM
MORE, LONG = 0x01, 0x02


def read_zmtp_frames(buf, pos):
    """The frames of one ZMTP message encoded at buf[pos:], and where it ends.

    Returns (frames, end), or None if what is there is not a whole message
    (a reserved flag bit, a command frame, or a frame running past buf).
    """
    frames = []
    while True:
        if pos + 2 > len(buf):
            return None
        flags = buf[pos]
        if flags & ~(MORE | LONG):
            return None
        if flags & LONG:
            if pos + 9 > len(buf):
                return None
            size = int.from_bytes(buf[pos + 1 : pos + 9], "big")
            pos += 9
        else:
            size = buf[pos + 1]
            pos += 2
        if pos + size > len(buf):
            return None
        frames.append(bytes(buf[pos : pos + size]))
        pos += size
        if not flags & MORE:
            return frames, pos


def salvage(session, rest):
    """Messages hidden in the frames of a message that failed verification.

    `rest` is what follows the identities (signature, header, parent header,
    metadata, content, buffers). Returns (recovered, damaged): `recovered`
    lists (frames, msg) for each embedded message whose signature verifies,
    `frames` being what follows its delimiter, ready to forward; `damaged`
    describes the outer message: its `msg_type` and `parent_header` when its
    header frames are readable, and `bytes` (its size on the wire).
    """
    recovered = []
    for frame in rest[1:]:
        start = 0
        while True:
            at = frame.find(EMBEDDED_START, start)
            if at < 0:
                break
            parsed = read_zmtp_frames(frame, at)
            if parsed is None:
                start = at + 1
                continue
            frames, end = parsed
            inner = frames[1:]  # after the delimiter
            try:
                msg = session.deserialize(inner, content=True, copy=True)
            except (ValueError, TypeError, KeyError, UnicodeDecodeError):
                start = at + 1
                continue
            recovered.append((inner, msg))
            start = end
    return recovered, describe(rest)


def describe(rest):
    """Type, parent and size of a damaged message, as far as they can be read."""
    out = {"msg_type": None, "parent_header": {}, "bytes": sum(len(f) for f in rest)}
    try:
        out["msg_type"] = json.loads(rest[1]).get("msg_type")
        out["parent_header"] = json.loads(rest[2])
    except (ValueError, IndexError, AttributeError):
        pass
    return out


def damaged_note(damaged):
    """What the student reads in the cell instead of the lost output (Spanish)."""
    size = damaged["bytes"] / 1e6
    kind = damaged["msg_type"] or "mensaje"
    return (
        f"[núcleo] Una salida de esta celda ({kind}, {size:.1f} MB) llegó dañada del núcleo "
        "de Deno y se ha descartado. Vuelve a ejecutar la celda; si era una figura y las "
        "siguientes no se dibujan, usa Kernel ▸ Restart & Run All.\n"
    )
