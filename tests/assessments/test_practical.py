"""Practical work: handing in versions with files, grading on the rubric, practical evidence,
who may read a hand-in, and hostile hand-ins refused with nothing saved."""

from __future__ import annotations

import ast
import re
import sys
import tracemalloc
import zlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from assessments.evaluations import record_assessment
from assessments.practical import (
    get_hand_in,
    grade_hand_in,
    hand_in_file,
    hand_ins_of,
    peer_review,
    practical_application_score,
    practical_scores_of,
    request_peer_review,
    self_assess,
    submit_hand_in,
    waiting_for,
)
from assessments.ratings import team_matrix
from assessments.rubrics import CriterionScore, HandInResult, HandInStatus, practical_score
from storage.audit import audit_log
from storage.enums import PersonRole, RaterKind
from storage.errors import InvalidInput, PermissionDenied
from storage.models import Assignment, Competency, HandIn, HandInFile, HandInVersion, Rating
from storage.people import PersonRef
from storage.uploads import MAX_UPLOAD_BYTES
from tests.factories import (
    at,
    link_module,
    make_competency,
    make_module,
    make_person,
    make_ref,
    make_team,
)

D1, D2, D3 = date(2026, 11, 2), date(2026, 11, 5), date(2026, 11, 9)
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
CRITERIA = ("measures", "explains", "recommends")
ROOT = Path(__file__).resolve().parents[2]
# Libraries that would parse (and so inflate) a PDF; the practical code may import none.
PDF_LIBRARIES = ("pypdf", "PyPDF2", "fitz", "pymupdf", "pdfminer", "pdfplumber", "pikepdf")
BOMB_INFLATED_BYTES = 50_000_000


@dataclass
class Practice:
    session: Session
    ada: PersonRef  # the learner
    bo: PersonRef  # a teammate
    mentor: PersonRef  # Ada's mentor
    lead: PersonRef
    outsider: PersonRef  # a lead of another team
    assignment_id: int
    competencies: dict[str, Competency]


@pytest.fixture
def practice(session: Session) -> Practice:
    team = make_team(session=session)
    lead = make_person(session=session, team=team, name="Lena Lead", role=PersonRole.LEAD)
    mentor = make_person(session=session, team=team, name="Max Mentor", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=team, name="Ada Byron", mentor=mentor)
    bo = make_person(session=session, team=team, name="Bo Diaz")
    other = make_team(session=session)
    outsider = make_person(session=session, team=other, name="Olga Other", role=PersonRole.LEAD)
    competencies = {
        key: make_competency(session=session, key=key, position=position, team=team)
        for position, key in enumerate(("search", "pitch"))
    }
    module = make_module(session=session, key="ann", title="Index families", level_number=2)
    link_module(session=session, module=module, competencies=list(competencies.values()))
    assignment = Assignment(
        key="ann/recall-sweep",
        module_id=module.id,
        title="Recall against efSearch",
        brief="Sweep efSearch on the team's queries and hand in the table.",
        evidence_level=2,
        rubric=[
            {
                "key": key,
                "criterion": key.capitalize(),
                "levels": {str(n): f"{key} {n}" for n in (1, 2, 3, 4)},
            }
            for key in CRITERIA
        ],
    )
    session.add(assignment)
    session.flush()
    refs = [make_ref(session=session, person=p) for p in (ada, bo, mentor, lead, outsider)]
    return Practice(session, *refs, assignment.id or 0, competencies)


def scores(*values: int) -> dict[str, CriterionScore]:
    return {
        key: CriterionScore(value, f"On {key}.")
        for key, value in zip(CRITERIA, values, strict=True)
    }


def hand_in(p: Practice, day: date = D1, **changes: object) -> int:
    fields: dict[str, object] = {
        "text": "## Results\n\nRecall@10 rises from 0.81 to 0.97 as efSearch goes 16 → 128.",
        "link": "https://git.example.test/ada/recall-sweep",
        "files": [("sweep.pdf", PDF), ("plot.png", PNG)],
    } | changes
    return submit_hand_in(
        p.session,
        actor=p.ada,
        assignment_id=p.assignment_id,
        at=at(day),
        **fields,  # type: ignore[arg-type]
    ).hand_in_id


def practical_ratings(session: Session) -> list[tuple[str, int, int | None]]:
    rows = session.exec(
        select(Competency.key, Rating.level, Rating.rater_id)
        .join(Competency, col(Competency.id) == Rating.competency_id)
        .where(Rating.rater_kind == RaterKind.PRACTICAL)
        .order_by(col(Competency.key))
    ).all()
    return [tuple(r) for r in rows]


def count(session: Session, table: type) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def test_a_hand_in_with_files_waits_for_the_mentor_who_grades_it_a_pass_as_evidence(
    practice: Practice,
) -> None:
    p = practice
    hand_in_id = hand_in(p)
    view = get_hand_in(p.session, actor=p.ada, hand_in_id=hand_in_id)
    assert view.status == HandInStatus.SUBMITTED
    assert [(f.name, f.media_type) for f in view.latest.files] == [
        ("sweep.pdf", "application/pdf"),
        ("plot.png", "image/png"),
    ]
    waiting = waiting_for(p.session, actor=p.mentor)
    assert [(w.person_name, w.assignment_title, w.as_peer) for w in waiting] == [
        ("Ada Byron", "Recall against efSearch", False)
    ]
    graded = grade_hand_in(
        p.session,
        actor=p.mentor,
        hand_in_id=hand_in_id,
        scores=scores(3, 3, 4),
        result=HandInResult.PASS,
        comment="Clear sweep.",
        at=at(D2),
    )
    assert graded.evidence_for == ("Search", "Pitch") and graded.evidence_level == 2
    assert practical_ratings(p.session) == [("pitch", 2, p.mentor.id), ("search", 2, p.mentor.id)]
    assert get_hand_in(p.session, actor=p.ada, hand_in_id=hand_in_id).status == HandInStatus.PASSED
    assert waiting_for(p.session, actor=p.mentor) == []
    matrix = team_matrix(p.session, actor=p.lead, team_id=p.ada.team_id)
    cell = matrix.cells[(p.ada.id, "search")]
    assert (cell.resolved.level, cell.resolved.source) == (2, RaterKind.PRACTICAL)
    with pytest.raises(InvalidInput, match="has passed"):
        hand_in(p, D3)


def test_a_returned_hand_in_takes_another_attempt_and_every_version_is_kept(
    practice: Practice,
) -> None:
    p = practice
    hand_in_id = hand_in(p)
    grade_hand_in(
        p.session,
        actor=p.lead,
        hand_in_id=hand_in_id,
        scores=scores(1, 2, 2),
        result=HandInResult.AGAIN,
        comment="Measure on your own queries.",
        at=at(D2),
    )
    assert practical_ratings(p.session) == []
    rows = hand_ins_of(p.session, actor=p.ada, person_id=p.ada.id)
    assert [(r.status, r.versions) for r in rows] == [(HandInStatus.RETURNED, 1)]
    hand_in(p, D3, text="Now on our own 50 queries.", files=[])
    view = get_hand_in(p.session, actor=p.mentor, hand_in_id=hand_in_id)
    assert [v.number for v in view.versions] == [1, 2] and view.status == HandInStatus.SUBMITTED
    assert view.versions[0].text.startswith("## Results") and len(view.versions[0].files) == 2
    assert view.official is not None and view.official.rater_kind == RaterKind.LEAD
    assert view.official.version_number == 1
    assert [w.version_number for w in waiting_for(p.session, actor=p.lead)] == [2]


def test_a_learner_hands_in_a_new_version_before_any_grade_and_the_first_is_kept(
    practice: Practice,
) -> None:
    p = practice
    hand_in_id = hand_in(p)
    assert hand_in(p, D2, text="Now with the p95 latency beside recall.", files=[]) == hand_in_id
    view = get_hand_in(p.session, actor=p.ada, hand_in_id=hand_in_id)
    assert [v.number for v in view.versions] == [1, 2]
    first, second = view.versions
    assert first.text.startswith("## Results") and [f.name for f in first.files] == [
        "sweep.pdf",
        "plot.png",
    ]
    assert second.text == "Now with the p95 latency beside recall." and second.files == ()
    assert view.status == HandInStatus.SUBMITTED and view.grades == ()
    assert hand_in_file(p.session, actor=p.ada, file_id=first.files[0].id)[2] == PDF
    # The mentor is asked to grade the newest version, once.
    assert [w.version_number for w in waiting_for(p.session, actor=p.mentor)] == [2]
    assert count(p.session, HandIn) == 1 and count(p.session, HandInVersion) == 2


def test_self_and_peer_readings_sit_beside_the_grade_and_change_nothing(
    practice: Practice,
) -> None:
    p = practice
    hand_in_id = hand_in(p)
    self_assess(
        p.session,
        actor=p.ada,
        hand_in_id=hand_in_id,
        scores={"measures": CriterionScore(4)},
        comment="",
        at=at(D1),
    )
    with pytest.raises(PermissionDenied):
        get_hand_in(p.session, actor=p.bo, hand_in_id=hand_in_id)
    assert (
        request_peer_review(
            p.session, actor=p.ada, hand_in_id=hand_in_id, reviewer_id=p.bo.id, at=at(D1)
        )
        == "Bo Diaz"
    )
    assert [w.as_peer for w in waiting_for(p.session, actor=p.bo)] == [True]
    peer_review(
        p.session,
        actor=p.bo,
        hand_in_id=hand_in_id,
        scores=scores(2, 3, 3),
        comment="Nice.",
        at=at(D2),
    )
    assert waiting_for(p.session, actor=p.bo) == []
    view = get_hand_in(p.session, actor=p.bo, hand_in_id=hand_in_id)
    assert [g.rater_kind for g in view.grades] == [RaterKind.SELF, RaterKind.PEER]
    assert view.status == HandInStatus.SUBMITTED and view.official is None
    assert practical_ratings(p.session) == []


def test_who_may_read_and_grade_a_hand_in(practice: Practice) -> None:
    p = practice
    hand_in_id = hand_in(p)
    file_id = get_hand_in(p.session, actor=p.ada, hand_in_id=hand_in_id).latest.files[0].id
    for reader in (p.ada, p.mentor, p.lead):
        assert hand_in_file(p.session, actor=reader, file_id=file_id)[2] == PDF
    for stranger in (p.bo, p.outsider):
        with pytest.raises(PermissionDenied):
            get_hand_in(p.session, actor=stranger, hand_in_id=hand_in_id)
        with pytest.raises(PermissionDenied):
            hand_in_file(p.session, actor=stranger, file_id=file_id)
        with pytest.raises(PermissionDenied):
            hand_ins_of(p.session, actor=stranger, person_id=p.ada.id)
    for not_a_grader in (p.ada, p.bo, p.outsider):
        with pytest.raises(PermissionDenied):
            grade_hand_in(
                p.session,
                actor=not_a_grader,
                hand_in_id=hand_in_id,
                scores=scores(3, 3, 3),
                result=HandInResult.PASS,
                comment="",
                at=at(D2),
            )
    with pytest.raises(PermissionDenied):
        peer_review(
            p.session,
            actor=p.bo,
            hand_in_id=hand_in_id,
            scores=scores(3, 3, 3),
            comment="",
            at=at(D2),
        )
    assert practical_ratings(p.session) == []


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"files": [("../../x.py", b"print(1)\n")]}, "not a plain file name"),
        ({"files": [("notes.txt", b"x" * 2_000_001)]}, "at most 2 MB"),
        ({"files": [("tool.exe", b"MZ\x90\x00")]}, "not a kind of file a hand-in takes"),
        ({"files": [("report.pdf", PNG)]}, "not what its name says"),
        ({"files": [("script.py", b"\xff\xfe\x00binary")]}, "not what its name says"),
        ({"files": [("a.py", b"1"), ("a.py", b"2")]}, "attached twice"),
        ({"files": [(f"f{n}.txt", b"x") for n in range(6)]}, "(?i)at most 5 files"),
        ({"text": "", "link": "", "files": []}, "add some text, a link or a file"),
        ({"link": "javascript:alert(1)"}, "web address"),
        ({"text": "bad\x00text"}, "cannot be stored"),
    ],
)
def test_a_hostile_or_empty_hand_in_is_refused_and_nothing_is_saved(
    practice: Practice, changes: dict[str, object], words: str
) -> None:
    with pytest.raises(InvalidInput, match=words):
        hand_in(practice, **changes)
    for table in (HandIn, HandInVersion, HandInFile):
        assert count(practice.session, table) == 0


def flate_bomb_pdf(inflated_bytes: int, level: int = 9) -> bytes:
    """A minimal valid PDF of one page whose content stream is `inflated_bytes` zeros,
    FlateDecode-compressed (at `level` 9 a few tens of kB that inflate a thousandfold)."""
    stream = zlib.compress(b"\x00" * inflated_bytes, level)
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(pdf)


def _imported_modules(path: Path) -> set[str]:
    """The top-level names of every module a Python file imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_a_pdf_bomb_is_kept_byte_for_byte_and_never_opened(
    practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small PDF whose content stream inflates to 50 MB passes the stated rules (at most
    2 MB as handed in, a PDF by its signature): it is stored as handed in and given back as
    it came, and nothing on the way parses or inflates it."""
    p = practice
    bomb = flate_bomb_pdf(BOMB_INFLATED_BYTES)
    assert len(bomb) < MAX_UPLOAD_BYTES // 10  # small as handed in …
    inflating = zlib.decompressobj()
    start = bomb.index(b"stream\n") + len(b"stream\n")
    assert len(inflating.decompress(bomb[start:], 1_000_000)) == 1_000_000
    assert inflating.unconsumed_tail  # … and far more than a megabyte once inflated
    for library in PDF_LIBRARIES:  # an import of any of them on the way would fail loudly
        monkeypatch.setitem(sys.modules, library, None)

    tracemalloc.start()
    try:
        hand_in_id = hand_in(p, files=[("sweep.pdf", bomb)])
        [stored] = get_hand_in(p.session, actor=p.mentor, hand_in_id=hand_in_id).latest.files
        name, media_type, content = hand_in_file(p.session, actor=p.mentor, file_id=stored.id)
        _, peak_bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (name, media_type, stored.size) == ("sweep.pdf", "application/pdf", len(bomb))
    assert content == bomb  # byte for byte, as downloaded from the page
    assert peak_bytes < BOMB_INFLATED_BYTES // 10  # never inflated, not even in part
    row = p.session.exec(select(HandInFile)).one()
    assert row.content == bomb and row.size == len(bomb)
    # No module of the practical path imports a PDF library at all.
    practical_code = [
        *sorted((ROOT / "assessments").glob("*.py")),
        ROOT / "dashboard" / "pages" / "practical_page.py",
        *sorted((ROOT / "dashboard" / "components").glob("hand_in_*.py")),
        ROOT / "dashboard" / "components" / "practical_view.py",
    ]
    assert all(path.exists() for path in practical_code)
    for path in practical_code:
        assert not _imported_modules(path) & set(PDF_LIBRARIES), path


def test_a_pdf_bomb_over_the_size_limit_is_refused_and_nothing_is_saved(
    practice: Practice,
) -> None:
    big_bomb = flate_bomb_pdf(2_500_000, level=0)  # stored blocks: over 2 MB as handed in
    assert len(big_bomb) > MAX_UPLOAD_BYTES
    with pytest.raises(InvalidInput, match=re.escape("'sweep.pdf' is 2.5 MB; at most 2 MB")):
        hand_in(practice, files=[("sweep.pdf", big_bomb), ("plot.png", PNG)])
    for table in (HandIn, HandInVersion, HandInFile):
        assert count(practice.session, table) == 0


def test_html_in_a_hand_in_is_kept_as_the_text_typed(practice: Practice) -> None:
    text = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    hand_in_id = hand_in(practice, text=text, files=[])
    view = get_hand_in(practice.session, actor=practice.mentor, hand_in_id=hand_in_id)
    assert view.latest.text == text  # stored as typed; pages show it as text, never as HTML


def test_a_grade_must_score_every_criterion_from_one_to_four(practice: Practice) -> None:
    p = practice
    hand_in_id = hand_in(p)
    for bad, words in (
        ({"measures": CriterionScore(3)}, "'explains' has no score"),
        (scores(3, 5, 3), "needs a score from 1 to 4"),
        ({**scores(3, 3, 3), "vibes": CriterionScore(4)}, "not a criterion"),
    ):
        with pytest.raises(InvalidInput, match=words):
            grade_hand_in(
                p.session,
                actor=p.mentor,
                hand_in_id=hand_in_id,
                scores=bad,
                result=HandInResult.PASS,
                comment="",
                at=at(D2),
            )
    assert get_hand_in(p.session, actor=p.mentor, hand_in_id=hand_in_id).grades == ()


def test_graded_hand_ins_give_the_practical_application_score(practice: Practice) -> None:
    p = practice
    assert practical_score(practical_scores_of(p.session, p.ada.id)) is None
    hand_in_id = hand_in(p)
    grade_hand_in(
        p.session,
        actor=p.mentor,
        hand_in_id=hand_in_id,
        scores=scores(1, 2, 2),
        result=HandInResult.AGAIN,
        comment="",
        at=at(D2),
    )
    hand_in(p, D3, files=[])
    grade_hand_in(
        p.session,
        actor=p.mentor,
        hand_in_id=hand_in_id,
        scores=scores(4, 4, 3),
        result=HandInResult.PASS,
        comment="",
        at=at(D3),
    )
    # Only the newest grade counts: (4 + 4 + 3) / 3 = 3.67 on 1-4 is 8.9 on 0-10, so 9.0 in
    # the assessment's half steps.
    assert practical_score(practical_scores_of(p.session, p.ada.id)) == 9.0


def test_an_assessment_starts_practical_application_from_the_hand_ins_and_records_an_override(
    practice: Practice,
) -> None:
    p = practice
    hand_in_id = hand_in(p)
    grade_hand_in(
        p.session,
        actor=p.mentor,
        hand_in_id=hand_in_id,
        scores=scores(3, 3, 3),
        result=HandInResult.PASS,
        comment="",
        at=at(D2),
    )
    assert practical_application_score(p.session, actor=p.mentor, person_id=p.ada.id) == (6.5, 1)
    with pytest.raises(PermissionDenied):
        practical_application_score(p.session, actor=p.bo, person_id=p.ada.id)
    dims = {"knowledge_recall": 6.0, "analytical_thinking": 6.0, "knowledge_transfer": 5.0}
    for practical_given in (6.5, 8.0):
        record_assessment(
            p.session,
            actor=p.mentor,
            person_id=p.ada.id,
            scores={**dims, "practical_application": practical_given},
            today=D3,
            at=at(D3),
        )
    summaries = [
        e.detail
        for e in audit_log(p.session, actor=p.lead, limit=50)
        if e.action == "Assessment recorded"
    ]
    assert len(summaries) == 2
    assert (
        sum("Practical application 8 set over 6.5 from graded hand-ins." in s for s in summaries)
        == 1
    )


def test_an_admin_who_leads_another_team_sees_no_ones_hand_ins_here(practice: Practice) -> None:
    p = practice
    hand_in(p)
    admin = replace(p.outsider, is_admin=True)
    with pytest.raises(PermissionDenied):
        hand_ins_of(p.session, actor=admin, person_id=p.ada.id)
    assert waiting_for(p.session, actor=admin) == []
