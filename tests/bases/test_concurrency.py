"""Two reviewers stamp the same plan at the same moment: one wins, the other is told, one step is recorded."""

import threading

import pytest
from django.db import connection

from accounts.models import User
from bases import services
from bases.models import PlanApplication
from core.models import AuditEntry
from tests.bases.factories import make_plan
from tests.conftest import make_user


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_stamps_make_one_transition(world):
    plan = make_plan(world, status="submitted")
    second_reviewer = make_user("u-county-colleague", world.county)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def stamp(user: User) -> None:
        try:
            barrier.wait()  # both threads call the service together
            services.plan_stamp(actor=user, plan=PlanApplication.objects.get(pk=plan.pk), opinion="同意")
            outcomes[user.username] = "stamped"
        except services.PlanError as error:
            outcomes[user.username] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=stamp, args=(u,)) for u in (world.users["county"], second_reviewer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(o == "stamped" for o in outcomes.values()) == [False, True]
    loser = next(o for o in outcomes.values() if o != "stamped")
    assert "县区已审核盖章" in loser and "可能已由他人处理" in loser
    assert AuditEntry.objects.filter(object_id=str(plan.pk), action="plan.stamp").count() == 1
    assert PlanApplication.objects.get(pk=plan.pk).status == "county_approved"
