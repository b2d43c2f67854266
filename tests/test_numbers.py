"""The one number reader (termkit.numbers): digits, Chinese numerals (everyday and financial), English words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from termkit.numbers import amount, canonical, chinese_value, digits_value, english_values, numbers_in


@pytest.mark.parametrize(("run", "value"), [
    ("十二", 12), ("十", 10), ("二十三", 23), ("一百零八", 108), ("两千零二十五", 2025), ("三千零五", 3005),
    ("三千五百万", 35_000_000), ("一百五十万", 1_500_000), ("三亿五千万", 350_000_000), ("二〇二五", 2025),
    ("二〇二三", 2023), ("一千零十", 1010), ("一万亿", 10**12), ("万", 10_000), ("十八", 18), ("兩萬", 20_000),
    ("壹仟贰佰", 1200), ("貳拾參", 23), ("陸佰", 600), ("伍拾萬", 500_000), ("拾万", 100_000), ("玖億", 9 * 10**8),
])
def test_chinese_numerals(run: str, value: int) -> None:
    assert chinese_value(run) == value


@pytest.mark.parametrize("run", ["陸", "陸陸", "參", "拾", "伍", "", "十x"])
def test_financial_characters_used_as_words_are_not_numbers(run: str) -> None:
    """陸續, 參加, 收拾, 队伍: a financial numeral is only a number when written with a unit."""
    assert chinese_value(run) is None


@pytest.mark.parametrize(("text", "value"), [
    ("1,234.5", "1234.5"), ("3.89", "3.89"), ("3,89", "3.89"), ("1,000", "1000"), ("1.000.000", "1000000"),
    ("1.234,5", "1234.5"), ("1 000", "1000"), ("1\u00a0000", "1000"), ("1'000", "1000"), ("007", "7"),
    ("0.5", "0.5"), ("2.50", "2.5"), ("100", "100"), ("0", "0"), ("12345678901234567890", "12345678901234567890"),
])
def test_digits(text: str, value: str) -> None:
    assert canonical(digits_value(text)) == value


@pytest.mark.parametrize(("phrase", "values"), [
    ("twenty-five", [25]), ("one hundred and five", [105]), ("Forty-Two", [42]), ("two thousand", [2000]),
    ("two million three hundred thousand", [2_300_000]), ("nineteen hundred", [1900]), ("hundred", [100]),
    ("twenty-first", [21]), ("ten and twenty", [10, 20]), ("three four", [3, 4]), ("half", [Decimal("0.5")]),
    ("a dozen", [12]), ("zero", [0]), ("twice", [2]),
])
def test_english_words(phrase: str, values: list[Decimal | int]) -> None:
    assert english_values(phrase) == values


@pytest.mark.parametrize(("token", "value"), [
    ("2.5亿", "250000000"), ("150万", "1500000"), ("1.5 million", "1500000"), ("1,000萬", "10000000"),
    ("30", "30"), ("3 billion", "3000000000"),
])
def test_amounts_multiply_their_scale(token: str, value: str) -> None:
    assert canonical(amount(token)) == value


@pytest.mark.parametrize("token", ["km", "5 apples", ""])
def test_not_amounts(token: str) -> None:
    assert amount(token) is None


def test_numbers_in_text_leave_out_words_too_common_to_be_evidence() -> None:
    assert numbers_in("他们陸續參加了三千五百万元的项目，一个人，2025年，0.87平方公里", "zh") == [
        "2025", "0.87", "35000000"]
    assert numbers_in("One of the first twenty-five, a second look, 3.89 km, half", "en") == [
        "3.89", "20", "5", "0.5"]
    assert numbers_in("二〇二五年 five 1,000", "de") == ["1000"]
