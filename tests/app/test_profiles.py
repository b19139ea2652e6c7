from app.extensions import db
from app.index.changes import changes_since, latest_change_id
from app.models import AuditEvent, Municipality
from tests.conftest import DEMO_PASSWORD, theme_ids


def _valid(app, **overrides):
    data = {
        "description": "Malmö stad arbetar med hållbar stadsutveckling och integration.",
        "needs": "Vi söker erfarenheter av skybrudsplaner i Danmark.",
        "offers": "Vi erbjuder kunskap om språkcaféer och samhällsorientering.",
        "themes": theme_ids(app, "climate_adaptation", "social_integration"),
        "cooperation_forms": ["study_visit", "joint_project"],
        "working_languages": ["sv", "en"],
        "contact_user": "0",
    }
    data.update(overrides)
    return data


def test_member_saves_the_profile_and_it_is_audited(app, client, member):
    with app.app_context():
        before = latest_change_id()
    response = client.post("/municipalities/1280/profile", data=_valid(app))
    assert response.status_code == 302
    page = client.get("/municipalities/1280").get_data(as_text=True)
    assert "Vi söker erfarenheter av skybrudsplaner i Danmark." in page
    assert "Klimatanpassning och vatten" in page
    with app.app_context():
        [event] = db.session.execute(db.select(AuditEvent)).scalars().all()
        assert event.action == "profile.create" and event.actor_id == member[0]
        assert event.after["themes"] == ["climate_adaptation", "social_integration"]
        malmo = db.session.execute(
            db.select(Municipality.id).where(Municipality.code == "1280")
        ).scalar_one()
        # The index hears of it: the change is logged with the commit.
        assert [(kind, key) for _, kind, key in changes_since(before)] == [
            ("municipality", malmo)
        ]


def test_profile_update_records_before_and_after(app, client, member):
    client.post("/municipalities/1280/profile", data=_valid(app))
    client.post(
        "/municipalities/1280/profile",
        data=_valid(app, needs="Vi söker nu danska erfarenheter av cykelstier."),
    )
    with app.app_context():
        events = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
        assert [e.action for e in events] == ["profile.create", "profile.update"]
        assert events[1].before == {"needs": "Vi söker erfarenheter av skybrudsplaner i Danmark."}
        assert set(events[1].after) == {"needs"}


def test_validation_errors_are_clear_and_keep_the_input(app, client, member):
    response = client.post(
        "/municipalities/1280/profile",
        data=_valid(app, description="För kort", themes=[], working_languages=[]),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Skriv mellan 30 och 5000 tecken." in page
    # At each of the two groups, and in the summary at the top that links to them.
    assert page.count("Välj minst ett alternativ.") == 4
    assert "Vi söker erfarenheter av skybrudsplaner i Danmark." in page  # nothing lost
    with app.app_context():
        malmo = db.session.execute(
            db.select(Municipality).where(Municipality.code == "1280")
        ).scalar_one()
        assert malmo.profile is None


def test_validation_in_danish(app, client, auth, make_user):
    _, email = make_user(municipality="101", locale="da")
    auth.login(email)
    response = client.post("/municipalities/101/profile", data=_valid(app, needs=""))
    assert response.status_code == 400
    assert "Feltet skal udfyldes." in response.get_data(as_text=True)


def test_contact_person_must_work_in_the_municipality(app, client, member, make_user):
    other_id, _ = make_user(municipality="101")
    response = client.post(
        "/municipalities/1280/profile", data=_valid(app, contact_user=str(other_id))
    )
    assert response.status_code == 400


def test_member_of_another_municipality_gets_403(app, client, member):
    assert client.get("/municipalities/101/profile").status_code == 403
    assert client.post("/municipalities/101/profile", data=_valid(app)).status_code == 403


def test_admin_may_edit_any_profile(app, client, admin):
    assert client.post("/municipalities/101/profile", data=_valid(app)).status_code == 302


def test_anonymous_users_go_to_login(client):
    assert client.get("/municipalities/1280/profile").headers["Location"].startswith("/login")
    assert client.get("/municipalities").headers["Location"].startswith("/login")


def test_unknown_municipality_is_404(client, member):
    assert client.get("/municipalities/9999").status_code == 404


def test_dashboard_shows_completeness_and_what_is_missing(app, client, member):
    page = client.get("/dashboard").get_data(as_text=True)
    assert "0 % klar" in page or "0% klar" in page
    client.post("/municipalities/1280/profile", data=_valid(app))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "86" in page  # six of seven parts: the contact person is missing
    assert "Saknas:" in page and "Kontaktperson" in page


def test_directory_filters_by_country_region_and_theme(app, client, member):
    client.post("/municipalities/1280/profile", data=_valid(app))

    def listed(query):
        page = client.get("/municipalities" + query).get_data(as_text=True)
        return page, {
            code
            for code in ("101", "1280", "1080", "1281")
            if f'<td><a href="/municipalities/{code}">' in page
        }

    assert listed("?country=DK")[1] == {"101"}
    assert listed("?region=Blekinge")[1] == {"1080"}
    [theme_id] = theme_ids(app, "climate_adaptation")
    page, codes = listed(f"?theme={theme_id}")
    assert codes == {"1280"} and "1 kommun" in page


def test_a_save_on_an_older_version_is_refused_and_the_text_kept(app, make_user, demo):
    """Two people open Malmö's profile; A saves; B's save would revert A's: B is told, B's
    text stays in the form, and B's second save (having seen it) goes through."""
    import re

    from app.models import Profile

    def opened(email):
        client = app.test_client()
        client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        page = client.get("/municipalities/1280/profile").get_data(as_text=True)
        version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
        return client, version.group(1)

    make_user(email="second@malmo.example", password=DEMO_PASSWORD)
    anna, anna_version = opened("malmo@kop.example")
    bo, bo_version = opened("second@malmo.example")
    anna_needs = "Vi söker partner för skybrudsplaner och gröna tak i Danmark."
    bo_needs = "Vi söker partner för cykelsuperstier och pendling över sundet."
    saved = anna.post("/municipalities/1280/profile",
                      data=_valid(app, needs=anna_needs, version=anna_version))  # fmt: skip
    assert saved.status_code == 302
    refused = bo.post("/municipalities/1280/profile",
                      data=_valid(app, needs=bo_needs, version=bo_version))  # fmt: skip
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Någon annan sparade profilen medan du redigerade den." in page
    assert bo_needs in page
    with app.app_context():
        profile = db.session.execute(db.select(Profile).join(Profile.municipality).where(
            Municipality.code == "1280")).scalar_one()  # fmt: skip
        assert profile.needs == anna_needs
    new_version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    again = bo.post("/municipalities/1280/profile",
                    data=_valid(app, needs=bo_needs, version=new_version))  # fmt: skip
    assert again.status_code == 302


def test_a_profile_written_in_english_is_read_as_english(app, client, member):
    from app.matches.services import profile_document
    from app.models import Profile

    english = {
        "description": "We work with elderly care and welfare technology in our city.",
        "needs": "We are looking for partners with experience of digital home care.",
        "offers": "We offer our experience of welfare technology in home care.",
    }
    assert client.post("/municipalities/1280/profile",
                       data=_valid(app, **english)).status_code == 302  # fmt: skip
    with app.app_context():
        profile = db.session.execute(db.select(Profile).join(Profile.municipality).where(
            Municipality.code == "1280")).scalar_one()  # fmt: skip
        assert profile_document(profile).language == "en"
