"""The check-in page's script folds the words typed with the server's table: every character its
own simple folding would get wrong is in the table, with what the server makes of it."""

from registrations.domain.search import browser_fold, browser_fold_table, fold


def test_fold_table_holds_final_sigma_and_sharp_s():
    table = browser_fold_table()

    assert (table["ς"], table["ß"], "ώ" in table) == ("σ", "ss", False)


def test_script_folding_with_the_table_equals_the_servers_for_greek_names():
    table = browser_fold_table()

    def script(text):
        return "".join(table.get(char, browser_fold(char)) for char in text)

    names = ["Γιώργος Παπαδόπουλος", "ΓΙΏΡΓΟΣ", "Ñúñez", "Straße", "Ὀδυσσεύς"]
    assert [script(name) for name in names] == [fold(name) for name in names]
