"""Random text at the people search (people/search_text.py): whatever is typed, the query it
becomes can name a phone only in full, or its last four digits beside a name, so no run of
digits ever digs the hidden middle of a number out (issue 14). Pure: no app, no database."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from volunteer.people.search_text import MAX_LENGTH, PHONE_TAIL_LENGTH, read_person_query
from volunteer.people.validation import is_valid_phone

# No example database: the tree stays clean, and every run draws afresh.
FUZZ = settings(max_examples=200, deadline=None, database=None)
ASCII_DIGITS = re.compile(r"[0-9]")

digits = st.text("0123456789０１２３４５６７８９", min_size=1, max_size=14)
names = st.text("王小明李四张三 ·abcXYZ", max_size=6)
separators = st.text(" -+.,，、()（）\x00\t", max_size=3)
typed = st.one_of(
    st.text(max_size=80),
    digits,
    st.lists(st.one_of(digits, names, separators), max_size=6).map("".join),
    st.tuples(st.sampled_from(["", "+86", "+86 ", "0"]), digits).map("".join),
)


@FUZZ
@given(text=typed)
@example(text="1380")
@example(text="0013")
@example(text="王1380")
@example(text="王\x003800")
@example(text="138-0013")
@example(text="王 1380 8000")
@example(text="１３８００１３８０００")
def test_no_typed_text_becomes_a_search_for_part_of_a_phone(text):
    query = read_person_query(text)
    if query is None:
        return
    # A phone is searched only as a whole, valid number.
    assert query.phone is None or is_valid_phone(query.phone)
    # Its last four digits only beside a name, and only four of them.
    if query.phone_tail is not None:
        assert query.name and len(query.phone_tail) == PHONE_TAIL_LENGTH
        assert query.phone_tail.isascii() and query.phone_tail.isdigit()
    # The name part never carries digits a LIKE on names could not hold either.
    assert query.name is None or not ASCII_DIGITS.search(query.name)
    # A 工号 is matched whole, as typed (folded), never longer than the box reads.
    assert query.staff_no is None or len(query.staff_no) <= MAX_LENGTH


@FUZZ
@given(run=st.text("0123456789", min_size=3, max_size=10))
def test_a_run_of_digits_alone_is_no_phone_search_unless_it_is_a_whole_number(run):
    query = read_person_query(run)
    assert query is None or query.phone_tail is None
    if query is not None and query.phone is not None:
        assert query.phone == run and is_valid_phone(run)


def test_a_whole_phone_and_a_name_with_its_last_four_are_still_found():
    """The properties above mean something only if the allowed searches come through."""
    whole = read_person_query("138 0013 8000")
    assert whole is not None and whole.phone == "13800138000"
    tail = read_person_query("王小明 8000")
    assert tail is not None and (tail.name, tail.phone_tail) == ("王小明", "8000")
