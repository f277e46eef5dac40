"""The organisation printed once before a post, however the post was typed."""

import pytest

from csphub.core.formats import post_with_organisation


@pytest.mark.parametrize(
    ("post", "organisation", "also", "printed"),
    [
        ("Director of Environment", "LBB", (), "LBB Director of Environment"),
        ("LBB Director of Environment", "LBB", (), "LBB Director of Environment"),
        ("CRC Contracts Manager", "London CRC", ("CRC",), "CRC Contracts Manager"),
        (
            "Safer Neighbourhood Board-Vice Chairman",
            "SNB",
            ("Bromley Safer Neighbourhood Board", "Safer Neighbourhood Board"),
            "Safer Neighbourhood Board-Vice Chairman",
        ),
        (
            "Head of Safeguarding SEL ICB (Bromley)",
            "SEL ICB",
            (),
            "Head of Safeguarding SEL ICB (Bromley)",
        ),
        ("MET Police", "MPS", ("Police",), "MET Police"),
        ("Superintendent", "MPS", ("Police",), "MPS Superintendent"),
        ("Policeman", "MPS", ("Police",), "MPS Policeman"),  # whole words only
        ("Chief Executive", "", (), "Chief Executive"),
    ],
)
def test_post_with_organisation_names_it_once(post, organisation, also, printed):
    assert post_with_organisation(post, organisation, *also) == printed
