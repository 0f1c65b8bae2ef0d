"""The kernel client of course_tools.kernels: a reply that is already in the socket is read even when
the waiting poll misses its wake-up (what hung notebook runs with an idle kernel), and a quiet channel
still times out."""

import asyncio
import time
from queue import Empty

import pytest
import zmq
import zmq.asyncio
from jupyter_client.session import Session

from course_tools.kernels import WakefulChannel


def _pair(name):
    sync_context = zmq.Context()
    sender = sync_context.socket(zmq.PAIR)
    sender.bind(f"inproc://{name}")
    receiver = zmq.asyncio.Context.shadow(sync_context).socket(zmq.PAIR)
    receiver.connect(f"inproc://{name}")
    return sync_context, sender, receiver


def test_a_waiting_reply_is_read_even_when_the_poll_never_wakes():
    context, sender, receiver = _pair("missed-wake-up")
    session = Session()
    channel = WakefulChannel(receiver, session)

    async def never_ready(*args, **kwargs):  # the poller that missed the socket's one wake-up
        await asyncio.sleep(0.05)
        return 0

    receiver.poll = never_ready
    session.send(sender, "execute_reply", {"status": "ok"})
    time.sleep(0.05)  # the reply is in the socket before anyone waits for it
    start = time.monotonic()
    msg = asyncio.run(channel.get_msg(timeout=5))
    assert msg["content"] == {"status": "ok"} and msg["header"]["msg_type"] == "execute_reply"
    assert time.monotonic() - start < 1
    sender.close(), receiver.close(), context.term()


def test_a_quiet_channel_times_out_and_a_normal_reply_arrives():
    context, sender, receiver = _pair("quiet")
    session = Session()
    channel = WakefulChannel(receiver, session)
    start = time.monotonic()
    with pytest.raises(Empty):
        asyncio.run(channel.get_msg(timeout=1.5))
    assert 1.4 < time.monotonic() - start < 3
    session.send(sender, "status", {"execution_state": "idle"})
    assert asyncio.run(channel.get_msg(timeout=5))["content"] == {"execution_state": "idle"}
    sender.close(), receiver.close(), context.term()
