"""Locust users of bench/loadtest.py (which writes the plan and starts locust headless).

Each simulated user signs in with one of the plan's sessions (a national administrator or a
province officer) and, with a think time between clicks, searches names, opens people lists (first
page, a unit, a page further on), person pages, the home page and unit pages, and now and then
edits one of its own people (GET the form, POST the change, optimistic-lock version kept here).

The users are ``FastHttpUser`` (geventhttpclient): the load generator shares the machine with the
server, and ``HttpUser`` (requests) spends several times more CPU per request, CPU the server's
workers then lack. Same requests, headers, mix and think time.
"""

import itertools
import json
import os
import random
import secrets

from locust import FastHttpUser, between, task

PLAN = json.loads(open(os.environ["HOSO_LOADTEST_PLAN"], encoding="utf-8").read())
_numbers = itertools.count()
# Behind the TLS proxy of production: the app sees HTTPS, so secure cookies and HSTS apply.
HTTPS = {"X-Forwarded-Proto": "https"}


class Officer(FastHttpUser):
    wait_time = between(PLAN["think_min"], PLAN["think_max"])

    def on_start(self):
        number = next(_numbers)
        self.slot = PLAN["slots"][number % len(PLAN["slots"])]
        self.rng = random.Random(number)
        self.edits = [dict(row) for row in PLAN["edits"][number]]
        self.csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
        self.headers = {**HTTPS, "Cookie": f"{self.slot['cookie']}; csrftoken={self.csrf}"}

    def get(self, path: str, name: str, **headers):
        with self.client.get(path, name=name, headers={**self.headers, **headers},
                             allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(30)
    def search(self):
        self.get("/nhan-su/?q=" + self.rng.choice(self.slot["names"]), "tìm kiếm")

    @task(8)
    def list_first_page(self):
        self.get("/nhan-su/", "danh sách")

    @task(8)
    def list_unit(self):
        self.get(f"/nhan-su/?unit={self.rng.choice(self.slot['units'])}", "danh sách đơn vị")

    @task(8)
    def list_later_page(self):
        self.get(f"/nhan-su/?after={self.rng.choice(self.slot['people'])}", "danh sách trang sau")

    @task(25)
    def detail(self):
        self.get(f"/nhan-su/{self.rng.choice(self.slot['people'])}/", "hồ sơ")

    @task(5)
    def home(self):
        self.get("/", "trang chủ")

    @task(6)
    def unit(self):
        self.get(f"/to-chuc/{self.rng.choice(self.slot['units'])}/", "đơn vị")

    @task(10)
    def edit(self):
        row = self.rng.choice(self.edits)
        path = f"/nhan-su/{row['id']}/sua/"
        self.get(path, "sửa (mở form)")
        data = dict(row["form"], version=row["version"], csrfmiddlewaretoken=self.csrf,
                    post=f"Chức vụ {self.rng.randint(1, 10**6)}",
                    change_reason="Cập nhật chức vụ (kiểm thử tải)")
        referer = {"Referer": self.host.replace("http://", "https://", 1) + path}
        with self.client.post(path, data=data, name="lưu (POST)", allow_redirects=False,
                              headers={**self.headers, **referer},
                              catch_response=True) as response:
            if response.status_code == 302:
                row["version"] += 1
            else:
                response.failure(f"HTTP {response.status_code} (not saved)")
