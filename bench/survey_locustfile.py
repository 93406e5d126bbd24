"""Locust respondents for bench/submissions.py: each answers one invitation end to end.

A respondent opens the link, answers every component's step (random ratings 1–5, current
and target, read from the form's field names), opens the review, submits, and sees the
thank-you page, as a browser would apart from the static files. Then the next respondent
takes the next link. When every link is used the test stops itself.

The links come from the JSON list in the file BENCH_TOKENS; every request's name, time and
outcome, and the count of surveys submitted, go to the JSON file BENCH_RESULTS at the end.
"""

import json
import os
import random
import re
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser

TOKENS = json.loads(Path(os.environ["BENCH_TOKENS"]).read_text())
remaining = iter(TOKENS)
FIELD = re.compile(r'name="(\d+-(?:current|target))"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MAX_STEPS = 30  # more steps than any framework has components: a redirect loop, not a survey

requests: list[tuple[str, float, bool]] = []
outcome = {"started": None, "finished": None, "submitted": 0, "failed": 0, "failures": []}


class SurveyFailed(Exception):
    pass


@events.test_start.add_listener
def started(**_kwargs):
    outcome["started"] = time.time()


@events.request.add_listener
def record(name, response_time, exception, **_kwargs):
    requests.append((name, response_time, exception is None))


@events.quitting.add_listener
def write_results(**_kwargs):
    outcome["finished"] = outcome["finished"] or time.time()
    results = {**outcome, "requests": requests}
    Path(os.environ["BENCH_RESULTS"]).write_text(json.dumps(results))


class Respondent(FastHttpUser):
    wait_time = constant(0)  # a person thinks between pages; here the next one is waiting

    @task
    def answer_a_survey(self):
        token = next(remaining, None)
        if token is None:
            raise StopUser()
        self.client.cookiejar.clear()  # each survey from a fresh browser
        try:
            self.survey(token)
            outcome["submitted"] += 1
        except SurveyFailed as failure:
            outcome["failed"] += 1
            outcome["failures"].append(str(failure))
        if outcome["submitted"] + outcome["failed"] == len(TOKENS):
            outcome["finished"] = time.time()
            gevent.spawn(self.environment.runner.quit)

    def fetch(self, method: str, path: str, name: str, expect: int, data=None):
        with self.client.request(
            method, path, name=name, data=data, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code}, not {expect}")
            else:
                response.success()
        if response.status_code != expect:
            raise SurveyFailed(f"{name}: {response.status_code}, not {expect}")
        return response

    def form(self, path: str, name: str):
        page = self.fetch("GET", path, name, 200)
        csrf = CSRF.search(page.text)
        if not csrf:
            raise SurveyFailed(f"{name}: no CSRF token in the page")
        return page, {"csrfmiddlewaretoken": csrf.group(1)}

    def survey(self, token: str) -> None:
        link = f"/s/{token}/"
        self.fetch("GET", link, "GET link (its token to a cookie)", 302)
        location = self.fetch("GET", "/survey/", "GET resume (to the first step)", 302).headers[
            "Location"
        ]
        for _step in range(MAX_STEPS):
            if location.endswith("/review/"):
                break
            page, data = self.form(location, "GET step")
            for field in set(FIELD.findall(page.text)):
                data[field] = str(random.randint(1, 5))
            location = self.fetch("POST", location, "POST step", 302, data).headers["Location"]
        else:
            raise SurveyFailed("the steps never reached the review")
        _page, data = self.form(location, "GET review")
        self.fetch("POST", "/survey/submit/", "POST submit", 302, data)
        thanks = self.fetch("GET", "/survey/", "GET resume (thank-you page)", 200)
        if "Thank you" not in thanks.text:
            raise SurveyFailed("no thank-you page after submitting")
