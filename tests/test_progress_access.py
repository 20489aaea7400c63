"""Who reaches the unit progress pages, and where /progress sends them.

On hospital A (progress_world): a manager of another hospital is refused the page, its JSON and
its children's pages, and a coordinator the page; /progress sends a manager to their top unit,
or lets a manager of two hospitals choose between them.
"""

from __future__ import annotations

from progress_world import hospital_fixture  # noqa: F401 - the fixture is used by name

from volunteer.auth.models import Role


def test_manager_of_another_hospital_is_refused(client, login_as, hospital, make_account):
    login_as(make_account("mgr-b", Role.MANAGER, hospital["b"]))
    a = hospital["a"]
    assert client.get(f"/progress/units/{a.id}").status_code == 403
    assert client.get(f"/progress/units/{a.id}.json").status_code == 403
    assert client.get(f"/progress/units/{a.id}/months.json").status_code == 403
    assert client.get(f"/progress/units/{hospital['a1'].id}").status_code == 403


def test_coordinator_is_refused(client, login_as, hospital, make_account):
    login_as(make_account("coord", Role.COORDINATOR, hospital["a"]))
    assert client.get(f"/progress/units/{hospital['a'].id}").status_code == 403


def test_index_goes_to_the_managers_top_unit(client, login_as, hospital):
    login_as(hospital["manager"])
    response = client.get("/progress")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/progress/units/{hospital['a'].id}")


def test_index_lets_a_manager_of_two_hospitals_choose(client, login_as, hospital, db):
    from volunteer.auth import services as auth_services

    manager = hospital["manager"]
    auth_services.grant_role(account=manager, role=Role.MANAGER, unit=hospital["b"], actor=None)
    db.session.commit()
    login_as(manager)
    html = client.get("/progress").get_data(as_text=True)
    assert f'href="/progress/units/{hospital["a"].id}"' in html
    assert f'href="/progress/units/{hospital["b"].id}"' in html
