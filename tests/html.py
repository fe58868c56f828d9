"""Reading pages the way a visitor does: visible texts, headings, links."""

from bs4 import BeautifulSoup


class Page:
    def __init__(self, response):
        self.response = response
        self.soup = BeautifulSoup(response.content, "html.parser")

    @classmethod
    def get(cls, client, url, status=200, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code == status, response.status_code
        return cls(response)

    @property
    def lang(self) -> str:
        return self.soup.html["lang"]

    @property
    def h1(self) -> str:
        return self.text("h1")

    def text(self, selector: str) -> str:
        element = self.soup.select_one(selector)
        return " ".join(element.get_text(" ").split()) if element else ""

    def texts(self, selector: str) -> list[str]:
        return [" ".join(el.get_text(" ").split()) for el in self.soup.select(selector)]

    def links(self, selector: str = "a") -> list[str]:
        return [a["href"] for a in self.soup.select(selector)]

    def link_named(self, name: str) -> str:
        for a in self.soup.select("a"):
            if " ".join(a.get_text(" ").split()) == name:
                return a["href"]
        raise AssertionError(f"No link named {name!r}")
