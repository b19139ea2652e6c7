"""Suggestions for a project: cross-strait, explained, logged, filterable, dismissable."""

import re

from app.extensions import db
from app.models import Municipality, Suggestion, User
from tests.conftest import DEMO_PASSWORD, project_id_by_title

SKYFALL = "Skyfallssäkrade stadsdelar"


def _login_malmo(auth):
    auth.login("malmo@kop.example", DEMO_PASSWORD)


def test_suggestions_are_on_the_other_side_and_explained(app, client, auth, demo):
    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    response = client.get(f"/projects/{project_id}/suggestions")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # Gladsaxe has the skybrudsplan the project asks for: it comes first.
    assert page.index("Gladsaxe") < page.index("Bornholm")
    assert 'id="candidate-159"' in page
    assert "Klimatanpassning och vatten" in page  # shared theme in the reader's language
    assert "<mark>" in page
    assert "km bort" in page
    assert "<svg" in page and 'class="home"' in page and 'class="candidate"' in page
    with app.app_context():
        rows = db.session.execute(db.select(Suggestion)).scalars().all()
        countries = {db.session.get(Municipality, r.municipality_id).country for r in rows}
        assert countries == {"DK"}
        assert all(r.first_seen_at and r.components for r in rows)
        # The logged explanation is the shown one: word pairs as written on each side.
        words = [w for r in rows for w in r.explanation["words"]]
        assert words and all(w["query"] and w["candidate"] for w in words)


def test_highlighted_words_appear_in_both_texts(app, client, auth, demo):
    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    client.get(f"/projects/{project_id}/suggestions")
    with app.app_context():
        gladsaxe = db.session.execute(
            db.select(Suggestion).join(Suggestion.municipality).where(Municipality.code == "159")
        ).scalar_one()
        project_text = (
            gladsaxe.project.title
            + gladsaxe.project.summary
            + gladsaxe.project.needs
            + gladsaxe.project.offers
        ).lower()
        profile = gladsaxe.municipality.profile
        profile_text = (profile.description + profile.needs + profile.offers).lower()
        words = gladsaxe.explanation["words"]
        assert words
        for word in words:
            assert word["query"] in project_text and word["candidate"] in profile_text


def test_seen_again_updates_last_seen_not_first_seen(app, client, auth, demo):
    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    client.get(f"/projects/{project_id}/suggestions")
    with app.app_context():
        first = {
            r.municipality_id: (r.first_seen_at, r.last_seen_at)
            for r in db.session.execute(db.select(Suggestion)).scalars()
        }
    client.get(f"/projects/{project_id}/suggestions")
    with app.app_context():
        for row in db.session.execute(db.select(Suggestion)).scalars():
            assert row.first_seen_at == first[row.municipality_id][0]
            assert row.last_seen_at >= first[row.municipality_id][1]


def test_region_filter(app, client, auth, demo):
    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    page = client.get(f"/projects/{project_id}/suggestions?region=Sjælland").get_data(as_text=True)
    assert 'id="candidate-259"' in page  # Køge is in Sjælland
    assert 'id="candidate-159"' not in page  # Gladsaxe is in Hovedstaden


def test_cooperation_form_filter(app, client, auth, demo):
    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    page = client.get(f"/projects/{project_id}/suggestions?form=eu_application").get_data(
        as_text=True
    )
    assert 'id="candidate-101"' in page and 'id="candidate-400"' in page
    assert 'id="candidate-159"' not in page


def test_dismissal_sticks(app, client, auth, demo):
    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    response = client.post(
        f"/projects/{project_id}/dismiss",
        data={"municipality": "159", "reason": "Vi känner dem redan"},
    )
    assert response.status_code == 302
    for _ in range(2):
        page = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
        assert 'id="candidate-159"' not in page
    with app.app_context():
        row = db.session.execute(
            db.select(Suggestion).join(Suggestion.municipality).where(Municipality.code == "159")
        ).scalar_one()
        assert row.dismissed_at is not None and row.dismiss_reason == "Vi känner dem redan"


def test_only_the_owner_municipality_sees_suggestions(app, client, auth, demo):
    auth.login("kobenhavn@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, SKYFALL)
    assert client.get(f"/projects/{project_id}/suggestions").status_code == 403
    assert (
        client.post(f"/projects/{project_id}/dismiss", data={"municipality": "159"}).status_code
        == 403
    )


def test_a_new_profile_reaches_the_suggestions_at_once(app, client, auth, demo):
    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    before = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    assert 'id="candidate-219"' not in before  # Hillerød has no profile yet
    auth.logout()
    auth.login("admin@kop.example", DEMO_PASSWORD)
    with app.app_context():
        from app.models import Theme

        theme_id = db.session.execute(
            db.select(Theme.id).where(Theme.code == "climate_adaptation")
        ).scalar_one()
    client.post(
        "/municipalities/219/profile",
        data={
            "description": "Hillerød Kommune har en skybrudsplan og arbejder med klimatilpasning.",
            "needs": "Vi søger svenske erfaringer med dagvand og grønne tage.",
            "offers": "Vi tilbyder erfaring med skybrudsveje og oversvømmelser i byen.",
            "themes": [theme_id],
            "cooperation_forms": ["joint_project"],
            "working_languages": ["da"],
            "contact_user": "0",
        },
    )
    after = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    assert 'id="candidate-219"' in after


def test_projects_looking_for_you(app, client, auth, demo):
    auth.login("kobenhavn@kop.example", DEMO_PASSWORD)
    page = client.get("/for-us").get_data(as_text=True)
    assert "Sprogcaféer med frivillige" not in page  # København's own project
    assert "Skyfallssäkrade stadsdelar" in page  # a Swedish project that asks for skybrud
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Projekter, der leder efter jer" in dashboard


def test_refresh_command_logs_suggestions_for_all_open_projects(app, runner, demo):
    result = runner.invoke(args=["matches", "refresh"])
    assert result.exit_code == 0 and "9 open projects" in result.output
    with app.app_context():
        projects = {r.project_id for r in db.session.execute(db.select(Suggestion)).scalars()}
        assert len(projects) == 9


def test_strong_suggestions_first_and_weaker_ones_folded(app, client, auth, demo):
    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    page = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    strong, _, weaker = page.partition('<details class="weaker"')
    assert "København" in strong and "Gladsaxe" in strong
    assert "svagare matchningar" in weaker  # the folded list of the rest
    assert "Inget passar starkt än" not in page


def test_when_nothing_is_strong_the_page_says_so_and_what_would_help(app, client, auth, demo):
    from app.settings import set_setting

    with app.app_context():
        admin = db.session.execute(
            db.select(User).where(User.email == "admin@kop.example")
        ).scalar_one()
        set_setting(admin, "suggestion_min_score", 0.99)
    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    page = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    assert "Inget passar starkt än" in page and "Det som skulle hjälpa" in page
    assert '<details class="weaker" open' in page


def test_explanations_show_history_and_no_filler(app, client, auth, demo):
    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    page = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    assert "Har samarbetat med er:" in page  # the tie with København comes first
    for filler in ("kommun ↔", "samarbete ↔", "<mark>samt</mark>"):
        assert filler not in page


def test_the_exposure_cap_works_where_lists_are_made(app, client, auth, demo):
    """With a cap, a municipality already in the top ten of many lists moves down."""
    from app.admin.weights import apply_weights, current_values

    _login_malmo(auth)
    for title in ("Skyfallssäkrade stadsdelar", "Öresundsplattform för kommunalt samarbete"):
        client.get(f"/projects/{project_id_by_title(app, title)}/suggestions")
    with app.app_context():
        first = db.session.execute(
            db.select(Suggestion)
            .where(Suggestion.project_id == project_id_by_title(app, SKYFALL), Suggestion.rank == 1)
        ).scalar_one().municipality.name
        admin = db.session.execute(
            db.select(User).where(User.email == "admin@kop.example")
        ).scalar_one()
        components, themes, _ = current_values()
        apply_weights(admin, {**components, "exposure_cap": 0.01}, themes, "cap")
    page = client.get(f"/projects/{project_id_by_title(app, SKYFALL)}/suggestions").get_data(
        as_text=True
    )
    import re

    cards = re.findall(r'<h2><a href="/municipalities/\d+">([^<]+)</a></h2>', page)
    # Already in the other project's top ten: it gives its place to municipalities that are
    # shown less, and the list stays full.
    assert first not in cards and len(cards) == 10


def test_a_failed_contact_to_a_weaker_match_reopens_where_the_user_was(app, client, auth,
                                                                        demo):  # fmt: skip
    """The contact form inside the folded weaker list: on an error the page reloaded at the
    top with the section closed, the error and the typed text hidden."""
    import re

    from tests.conftest import DEMO_PASSWORD, project_id_by_title

    auth.login("malmo@kop.example", DEMO_PASSWORD)
    project_id = project_id_by_title(app, "Skyfallssäkrade stadsdelar")
    page = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    weaker = page[page.index('<details class="weaker"'):]
    code = re.search(r'id="candidate-(\d+)"', weaker).group(1)
    assert "Mellan 20 och 3 000 tecken." in page  # the limits, before any error
    response = client.post(f"/projects/{project_id}/contacts",
                           data={"municipality": code, "message": "Hej"})  # fmt: skip
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(r'<details class="weaker"\s+open', page)
    assert f'action="/projects/{project_id}/contacts#candidate-{code}"' in page
    assert "Skriv mellan 20 och 3000 tecken." in page and "Hej</textarea>" in page


def test_not_relevant_asks_first_and_can_be_undone(app, client, auth, demo):
    """Dismissing had no confirmation and no undo."""
    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    page = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    # The dismiss button sits inside a step that asks first (no script needed).
    assert re.search(r'<details class="confirm">\s*<summary class="button small">Inte aktuell',
                     page)  # fmt: skip
    response = client.post(f"/projects/{project_id}/dismiss", data={"municipality": "159"},
                           follow_redirects=True)  # fmt: skip
    page = response.get_data(as_text=True)
    assert "Gladsaxe föreslås inte längre för det här projektet." in page
    assert 'id="candidate-159"' not in page and ">Ångra</button>" in page
    back = client.post(f"/projects/{project_id}/dismiss/undo", data={"municipality": "159"},
                       follow_redirects=True)  # fmt: skip
    assert 'id="candidate-159"' in back.get_data(as_text=True)


def test_reading_the_suggestions_writes_nothing_until_the_response_has_gone(app, client, auth,
                                                                          demo):  # fmt: skip
    """A GET never commits in the request: the log of what was shown is written after the
    response (it committed on every call, the API's GET included)."""
    from sqlalchemy import event

    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    commits = []

    def committed(conn):
        commits.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "commit", committed)
    try:
        response = client.get(f"/projects/{project_id}/suggestions", buffered=False)
        assert response.status_code == 200 and commits == []
        response.close()  # the response has gone out: now the log is written
        assert commits
    finally:
        event.remove(engine, "commit", committed)
    with app.app_context():
        assert db.session.execute(
            db.select(db.func.count(Suggestion.id)).where(Suggestion.project_id == project_id)
        ).scalar_one() > 0


def test_new_to_you_leaves_out_every_past_partner(app, client, auth, demo):
    """The "new partners" mode: programmes complain of the same partnerships applying over
    and over; an owner can ask for municipalities it has never worked with."""
    from app.matches.services import past_partners

    _login_malmo(auth)
    project_id = project_id_by_title(app, SKYFALL)
    with app.app_context():
        malmo = db.session.execute(
            db.select(Municipality).where(Municipality.code == "1280")
        ).scalar_one()
        partners = past_partners(malmo.id)
        query = db.select(Municipality.code).where(Municipality.id.in_(partners))
        codes = set(db.session.execute(query).scalars())
    assert "101" in codes  # København and Malmö have cooperated (the shipped history)
    everyone = client.get(f"/projects/{project_id}/suggestions").get_data(as_text=True)
    shown = set(re.findall(r'id="candidate-(\d+)"', everyone))
    assert shown & codes, "past partners are among the usual suggestions"
    new = client.get(f"/projects/{project_id}/suggestions?new=1").get_data(as_text=True)
    shown_new = set(re.findall(r'id="candidate-(\d+)"', new))
    assert shown_new and not shown_new & codes
    assert 'name="new" value="1" checked' in new
    rows = client.get(f"/projects/{project_id}/suggestions/export.csv?new=1").data.decode(
        "utf-8-sig")  # fmt: skip
    assert "København" not in rows


def test_map_markers_never_hide_each_other(app):
    from app.matches.map import MARKER_GAP, render_map

    with app.app_context():
        rows = {m.code: m for m in db.session.execute(db.select(Municipality)).scalars()}
        svg = str(render_map(rows["1280"], [rows["147"], rows["101"], rows["185"]], "map"))
    centres = [
        (float(x), float(y))
        for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="15"', svg)
    ]
    assert len(centres) == 4
    for i, (x1, y1) in enumerate(centres):
        for x2, y2 in centres[i + 1 :]:
            assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= (MARKER_GAP - 0.5) ** 2
