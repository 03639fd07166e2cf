"""ID numbers, 周岁 arithmetic and masking (core.idcard): pure functions, no database."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core.idcard import (
    PROVINCE_CODES,
    add_years,
    birth_date_from_id,
    check_digit,
    full_years,
    id_number_problem,
    is_valid_id_number,
    mask_id_number,
    mask_name,
    mask_phone,
    normalize_id_number,
    sex_from_id,
)


def make_id(birth: date, sequence: str = "123", region: str = "370302") -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence}"
    return first17 + check_digit(first17)


# Check digits worked out by hand with the GB 11643 weights (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2):
# 11010519491231002X is the standard's own example (weighted sum 167, 167 mod 11 = 2 → "X");
# 370302199001011232: sum 208, 208 mod 11 = 10 → "2"; 371322199602290018: sum 301, mod 11 = 4 → "8".
HAND_CHECKED = [
    ("11010519491231002X", date(1949, 12, 31), "F"),
    ("370302199001011232", date(1990, 1, 1), "M"),
    ("371322199602290018", date(1996, 2, 29), "M"),
]


@pytest.mark.parametrize(("id_number", "birth", "sex"), HAND_CHECKED, ids=[row[0] for row in HAND_CHECKED])
def test_hand_checked_ids_are_valid_and_decode(id_number, birth, sex):
    assert id_number_problem(id_number) is None
    assert check_digit(id_number[:17]) == id_number[17]
    assert birth_date_from_id(id_number) == birth
    assert sex_from_id(id_number) == sex


def test_lower_case_x_and_spaces_are_accepted_and_normalised():
    assert id_number_problem(" 110105 19491231 002x ") is None
    assert normalize_id_number(" 11010519491231002x\n") == "11010519491231002X"
    assert sex_from_id("11010519491231002x") == "F"


@pytest.mark.parametrize(
    "province", ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82"]
)
def test_every_end_of_the_province_code_ranges_is_accepted(province):
    assert id_number_problem(make_id(date(1990, 1, 1), region=f"{province}0101")) is None


@pytest.mark.parametrize(
    "prefix",
    [
        "00",
        "10",
        "16",
        "20",
        "24",
        "30",
        "38",
        "40",
        "47",
        "49",
        "55",
        "60",
        "66",
        "70",
        "72",
        "80",
        "83",
        "99",
    ],
)
def test_a_region_that_is_no_province_is_refused_even_with_a_right_check_digit(prefix):
    assert id_number_problem(make_id(date(1990, 1, 1), region=f"{prefix}0101")) == "region"


def test_full_width_digits_from_a_chinese_ime_are_accepted():
    assert normalize_id_number("３７０３０２１９９００１０１１２３２") == "370302199001011232"
    assert is_valid_id_number("３７０３０２１９９００１０１１２３２")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        pytest.param("370302199001011233", "checksum", id="wrong-check-digit"),
        pytest.param("11010519491231002Y", "format", id="letter-other-than-x"),
        pytest.param("1101051949123100X2", "format", id="x-not-last"),
        pytest.param("37030219900101123", "format", id="17-chars"),
        pytest.param("3703021990010112321", "format", id="19-chars"),
        pytest.param("370302900101123", "format", id="old-15-digit"),
        pytest.param("", "format", id="empty"),
        pytest.param(None, "format", id="none"),
        pytest.param(make_id(date(1990, 1, 1), region="000000"), "region", id="region-00"),
        pytest.param(make_id(date(1990, 1, 1), region="990101"), "region", id="region-99"),
        pytest.param(make_id(date(1990, 1, 1), region="160101"), "region", id="region-16"),
        pytest.param(make_id(date(1990, 1, 1), region="700101"), "region", id="region-70"),
        pytest.param("370302199002301234", "birth_date", id="30-february"),
        pytest.param("370302199013011234", "birth_date", id="month-13"),
        pytest.param("370302199001001234", "birth_date", id="day-0"),
        pytest.param("370302190002291234", "birth_date", id="1900-not-leap"),
        pytest.param("370302189912311234", "birth_date", id="before-1900"),
    ],
)
def test_bad_ids_report_a_stable_problem(value, problem):
    assert id_number_problem(value) == problem
    assert not is_valid_id_number(value)


def test_birth_date_is_checked_before_the_check_digit():
    # 19900230 is not a date whatever the check digit says.
    first17 = "37030219900230123"
    assert id_number_problem(first17 + check_digit(first17)) == "birth_date"


def test_decoding_an_invalid_id_raises():
    with pytest.raises(ValueError):
        birth_date_from_id("370302199001011233")
    with pytest.raises(ValueError):
        sex_from_id("abc")


@pytest.mark.parametrize(
    "bad", ["1234", "1101051949123100", "1101051949123100A2", "１１０１０５１９４９１２３１００２"]
)
def test_check_digit_needs_17_ascii_digits(bad):
    with pytest.raises(ValueError):
        check_digit(bad)


def test_29_february_is_a_valid_birth_date_only_in_leap_years():
    assert is_valid_id_number(make_id(date(2000, 2, 29)))
    assert is_valid_id_number(make_id(date(1996, 2, 29)))
    first17 = "37030219970229123"
    assert id_number_problem(first17 + check_digit(first17)) == "birth_date"


births = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
sequences = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")
regions = st.builds(
    lambda province, rest: f"{province}{rest:04d}",
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.integers(min_value=0, max_value=9999),
)


@given(birth=births, sequence=sequences, region=regions)
def test_an_id_built_with_check_digit_is_valid_and_round_trips(birth, sequence, region):
    id_number = make_id(birth, sequence, region)
    assert id_number_problem(id_number) is None
    assert birth_date_from_id(id_number) == birth
    assert sex_from_id(id_number) == ("M" if int(sequence[-1]) % 2 else "F")
    assert id_number_problem(id_number.lower()) is None


@given(
    birth=births,
    sequence=sequences,
    position=st.integers(min_value=0, max_value=17),
    shift=st.integers(min_value=1, max_value=9),
)
def test_any_single_character_change_makes_an_id_invalid(birth, sequence, position, shift):
    id_number = make_id(birth, sequence)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    current = alphabet.index(id_number[position])
    replacement = alphabet[(current + shift) % len(alphabet)]
    assume(replacement != id_number[position])
    changed = id_number[:position] + replacement + id_number[position + 1 :]
    assert id_number_problem(changed) is not None


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(date(2020, 2, 29), 1, date(2021, 2, 28), id="leap-day-to-common-year"),
        pytest.param(date(2020, 2, 29), 4, date(2024, 2, 29), id="leap-day-to-leap-year"),
        pytest.param(date(2020, 2, 29), 3, date(2023, 2, 28), id="leap-day-plus-3"),
        pytest.param(date(2020, 2, 29), -1, date(2019, 2, 28), id="leap-day-backwards"),
        pytest.param(date(2021, 2, 28), 3, date(2024, 2, 28), id="28-feb-stays-28-feb"),
        pytest.param(date(2021, 3, 1), 3, date(2024, 3, 1), id="1-march-stays"),
        pytest.param(date(1990, 6, 15), 0, date(1990, 6, 15), id="zero"),
    ],
)
def test_add_years(start, n, expected):
    assert add_years(start, n) == expected


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        pytest.param(date(1994, 4, 21), date(2023, 4, 20), 28, id="day-before-29th-birthday"),
        pytest.param(date(1994, 4, 21), date(2023, 4, 21), 29, id="29th-birthday"),
        pytest.param(date(1994, 4, 21), date(2023, 4, 22), 29, id="day-after-29th-birthday"),
        pytest.param(date(1996, 2, 29), date(2023, 2, 27), 26, id="leap-born-day-before-28-feb"),
        pytest.param(date(1996, 2, 29), date(2023, 2, 28), 27, id="leap-born-28-feb-common-year"),
        pytest.param(date(1996, 2, 29), date(2024, 2, 28), 27, id="leap-born-28-feb-leap-year"),
        pytest.param(date(1996, 2, 29), date(2024, 2, 29), 28, id="leap-born-29-feb-leap-year"),
        pytest.param(date(2000, 1, 1), date(2000, 1, 1), 0, id="birth-day"),
        pytest.param(date(2000, 5, 1), date(2000, 3, 1), -1, id="before-birth"),
    ],
)
def test_full_years(birth, on, age):
    assert full_years(birth, on) == age


@given(birth=births, n=st.integers(min_value=0, max_value=120))
def test_full_years_on_the_anniversary_is_n(birth, n):
    assert full_years(birth, add_years(birth, n)) == n


@given(birth=births, n=st.integers(min_value=1, max_value=120))
def test_full_years_the_day_before_the_anniversary_is_n_minus_1(birth, n):
    assert full_years(birth, add_years(birth, n) - timedelta(days=1)) == n - 1


@given(birth=births, on=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_full_years_is_the_largest_n_whose_anniversary_has_come(birth, on):
    n = full_years(birth, on)
    assert add_years(birth, n) <= on < add_years(birth, n + 1)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        pytest.param("370302199001011234", "3703**********1234", id="18"),
        pytest.param("11010519491231002x", "1101**********002X", id="lower-x"),
        pytest.param("370302900101123", "3703*******1123", id="15"),
        pytest.param("12345678", "********", id="short"),
        pytest.param("", "", id="empty"),
        pytest.param(None, "", id="none"),
    ],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        pytest.param("张三明", "张*明", id="three"),
        pytest.param("张三", "张*", id="two"),
        pytest.param("张", "张", id="one"),
        pytest.param("欧阳娜娜", "欧**娜", id="four"),
        pytest.param(" 张三明 ", "张*明", id="spaces"),
        pytest.param("", "", id="empty"),
        pytest.param(None, "", id="none"),
    ],
)
def test_mask_name(value, masked):
    assert mask_name(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        pytest.param("13812345678", "138****5678", id="mobile"),
        pytest.param("138 1234 5678", "138****5678", id="spaced"),
        pytest.param("0539-8126270", "053*****6270", id="landline"),
        pytest.param("12345", "*****", id="short"),
        pytest.param("", "", id="empty"),
        pytest.param(None, "", id="none"),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked
