"""A Socket Mode WebSocket server on loopback (the real `websockets` server), playing Slack's side.

It greets each connection with `hello`, records every message the bot sends (acks), sends
envelopes on the newest connection, and can end a connection the ways a network does:
`drop("fin")` closes the TCP connection without a close frame, `drop("reset")` resets it (RST),
`drop("silent")` stops reading and writing (a cut cable: nothing arrives, nothing is answered).
`refuse = True` makes new connections fail the handshake (an outage).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import socket
import struct
import threading
import time

import websockets
from websockets.asyncio.server import serve

_ids = itertools.count(1)


class MockSocketMode:
    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.connections: list = []           # server-side connections, oldest first
        self.connected_at: list[float] = []   # monotonic time each was greeted
        self.received: list[dict] = []        # messages from the bot (acks)
        self.refuse = False
        self._server = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=test"

    def start(self) -> "MockSocketMode":
        async def up():
            self._server = await serve(self._handler, "127.0.0.1", 0, ping_interval=None,
                                       process_request=self._gate)
            return self._server.sockets[0].getsockname()[1]

        self.thread.start()
        self.port = self._call(up())
        return self

    def stop(self) -> None:
        async def down():
            for ws in self.connections:
                ws.transport.abort()
            self._server.close()
            await asyncio.wait_for(self._server.wait_closed(), 5)

        self._call(down())
        self.loop.call_soon_threadsafe(self.loop.stop)

    def _call(self, coro, timeout: float = 10):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def _gate(self, connection, request):
        if self.refuse:
            return connection.respond(503, "outage\n")
        return None

    async def _handler(self, ws) -> None:
        self.connections.append(ws)
        await ws.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}}))
        self.connected_at.append(time.monotonic())
        try:
            async for raw in ws:
                self.received.append(json.loads(raw))
        except websockets.ConnectionClosed:
            pass

    # -- driving ------------------------------------------------------------------------------
    def send(self, message: dict | str) -> None:
        """Send on the newest connection."""
        text = message if isinstance(message, str) else json.dumps(message)
        self._call(self.connections[-1].send(text))

    def envelope(self, kind: str, payload, *, retry_attempt: int = 0) -> str:
        envelope_id = f"env-{next(_ids)}"
        self.send({"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": False,
                   "retry_attempt": retry_attempt, "retry_reason": ""})
        return envelope_id

    def drop(self, how: str) -> float:
        """End the newest connection as a network would; the monotonic time it happened."""
        ws = self.connections[-1]

        async def act():
            if how == "fin":
                ws.transport.close()
            elif how == "reset":
                sock = ws.transport.get_extra_info("socket")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                ws.transport.abort()
            elif how == "silent":
                ws.transport.pause_reading()     # pings are never read, so never answered
            else:
                raise ValueError(how)

        self._call(act())
        return time.monotonic()

    def wait_connections(self, count: int, timeout: float = 30) -> float:
        """Wait until `count` connections were greeted; the monotonic time the last one was."""
        deadline = time.monotonic() + timeout
        while len(self.connected_at) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} Socket Mode connection(s), got {len(self.connected_at)}")
            time.sleep(0.005)
        return self.connected_at[count - 1]

    def wait_ack(self, envelope_id: str, timeout: float = 15) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for message in list(self.received):
                if message.get("envelope_id") == envelope_id:
                    return message
            if time.monotonic() > deadline:
                raise AssertionError(f"no ack for {envelope_id}; got {self.received}")
            time.sleep(0.01)
