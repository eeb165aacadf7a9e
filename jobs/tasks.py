"""The one django-tasks task: it runs a Job row (see jobs/services.py for the contract)."""

from django_tasks import task

from jobs import services


@task()
def run_job(job_id: int) -> None:
    services.execute(job_id)
