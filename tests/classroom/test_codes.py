from classroom import codes


def test_a_join_code_has_six_unambiguous_characters():
    for _ in range(200):
        code = codes.new_join_code()
        assert len(code) == 6
        assert not set(code) & set("0O1IL5S2Z8BAEU")


def test_typed_codes_are_forgiven_for_case_spaces_and_dashes():
    assert codes.normalise_code(" cdf-347 ") == "CDF347"
    assert codes.normalise_code("CDF34") is None
    assert codes.normalise_code("CDF34O") is None


def test_teacher_tokens_are_long_and_compared_safely():
    token = codes.new_teacher_token()
    assert len(token) >= 40
    assert codes.tokens_match(token, token)
    assert not codes.tokens_match(token[:-1] + "x", token)
