"""Load figures for the chat front ends (a script that prints figures, not a timed test).

    python -m tests.benchmarks.chat_load [--events 200] [--platform slack|teams|both]   (or `make load`)

Starts the real `policybot slack --mode http` and `policybot teams` processes (real engine on the
bundled policies, SQLite question log) against the mock Slack Web API and the fake Bot Connector,
sends N signed Slack events / N Bot Framework activities all at once, and prints: how many were
acknowledged, ack / HTTP-response times (p50, p95, max), how many answers arrived and how long
until the last one, and how many askers got an answer twice. Targets (issue 10): every Slack
ack <= 3 s, every Teams response <= 15 s, N answers, none twice.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.bot.live import BotProcess, ConnectorThread, free_port, json_body, post, write_config
from tests.bot.slack.harness import SIGNING_SECRET, signed_headers
from tests.bot.slack.mock_slack import MockSlack
from tests.bot.teams.activities import activity

QUESTIONS = ["Can I friend a student on Facebook?", "can I text my team?", "may I post photos of my class?",
             "can I give a student my cell number?", "can I take a sick day to care for my mother?"]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))] if values else float("nan")


def burst(send, n: int) -> list[tuple[int, float]]:
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(send, range(n)))


def report(name: str, results: list[tuple[int, float]], ok_status: int, answers: Counter, n: int,
           first_sent: float, last_answer: float, limit: float) -> dict:
    seconds = [s for _, s in results]
    figures = {
        "requests": n, "acknowledged": sum(1 for st, _ in results if st == ok_status),
        "response_p50_s": round(statistics.median(seconds), 3), "response_p95_s": round(pct(seconds, 95), 3),
        "response_max_s": round(max(seconds), 3), "answers": sum(1 for c in answers.values() if c >= 1),
        "answered_twice": sum(1 for c in answers.values() if c > 1),
        "last_answer_after_s": round(last_answer - first_sent, 1),
    }
    ok = (figures["acknowledged"] == n and figures["response_max_s"] <= limit and figures["answers"] == n
          and figures["answered_twice"] == 0)
    print(f"{name}: {json.dumps(figures)}  -> {'OK' if ok else 'MISSED TARGET'} (every response <= {limit:g} s)",
          flush=True)
    return figures


def wait_for_answers(count, n: int, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and count() < n:
        time.sleep(0.1)
    time.sleep(2)     # anything sent twice would arrive by now
    return time.monotonic()


def slack_load(work: Path, data: Path, n: int) -> dict:
    mock = MockSlack().start()
    port = free_port()
    config = write_config(work / "slack.yaml", slack={"mode": "http", "port": port})
    env = {"POLICYBOT_CONFIG": str(config), "POLICYBOT_DATA_DIR": str(data), "SLACK_BOT_TOKEN": "xoxb-load",
           "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": mock.base_url}
    bot = BotProcess(["slack", "--mode", "http", "--host", "127.0.0.1", "--port", str(port)], env,
                     work / "slack.log", port).start()
    try:
        bot.wait_ready(300)
        bodies = []
        for i in range(n):
            bodies.append(json.dumps({
                "token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                "event_id": f"EvLOAD{i:05d}", "event_time": int(time.time()),
                "event": {"type": "message", "channel": f"D{i:05d}", "channel_type": "im", "user": f"U{i:05d}",
                          "text": QUESTIONS[i % len(QUESTIONS)], "ts": f"1700002{i:03d}.000100",
                          "client_msg_id": f"load-{i}"}}))

        def send(i: int):
            headers = {k: v[0] for k, v in signed_headers(bodies[i], content_type="application/json").items()}
            return post(bot.url + "/slack/events", bodies[i].encode(), headers, timeout=60)

        def answered() -> Counter:     # answers carry the feedback buttons; escalation notices do not
            return Counter(b["channel"] for b in mock.bodies("/chat.postMessage") if b["channel"].startswith("D")
                           and any(str(x.get("block_id", "")).startswith("policybot_answer_")
                                   for x in b.get("blocks") or []))

        started = time.monotonic()
        results = burst(send, n)
        last = wait_for_answers(lambda: len(answered()), n, 600)
        return report("slack", results, 200, answered(), n, started, last, 3.0)
    finally:
        bot.stop()
        mock.stop()


def teams_load(work: Path, data: Path, n: int) -> dict:
    connector = ConnectorThread().start()
    port = free_port()
    config = write_config(work / "teams.yaml", teams={"host": "127.0.0.1", "port": port})
    env = {"POLICYBOT_CONFIG": str(config), "POLICYBOT_DATA_DIR": str(data)}
    bot = BotProcess(["teams", "--host", "127.0.0.1", "--port", str(port)], env, work / "teams.log", port).start()
    try:
        bot.wait_ready(300)
        bodies = [json_body(activity(connector.url, text=QUESTIONS[i % len(QUESTIONS)], conversation=f"a:load-{i}"))
                  for i in range(n)]

        def send(i: int):
            return post(bot.url + "/api/messages", bodies[i], {"Content-Type": "application/json"}, timeout=60)

        def answered() -> Counter:
            return Counter(c.conversation for c in connector.card_posts() if c.conversation.startswith("a:load-"))

        started = time.monotonic()
        results = burst(send, n)
        last = wait_for_answers(lambda: len(answered()), n, 600)
        return report("teams", results, 201, answered(), n, started, last, 15.0)
    finally:
        bot.stop()
        connector.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--platform", choices=["slack", "teams", "both"], default="both")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="policybot-load-") as tmp:
        work = Path(tmp)
        print(f"sending {args.events} questions at once to each bot process (real engine, SQLite)", flush=True)
        for platform, run in (("slack", slack_load), ("teams", teams_load)):
            if args.platform in (platform, "both"):
                data = work / f"data-{platform}"
                data.mkdir()
                try:
                    run(work, data, args.events)
                finally:
                    shutil.copy(work / f"{platform}.log", Path(tempfile.gettempdir()) / f"policybot-load-{platform}.log")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
