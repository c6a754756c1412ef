using ComputeGate.Domain;
using ComputeGate.Formats.Lists;

namespace ComputeGate.Formats.Tests.Lists;

public class FederalRegisterDocumentsTests
{
    [Fact]
    public void ACitedPageFindsTheDocumentThatHoldsIt()
    {
        var docs = FederalRegisterDocuments.Embedded();
        Assert.Equal(new DateOnly(2025, 3, 25), docs.Find("90 FR 14048, 3/28/25")!.Effective);
        Assert.Equal(new DateOnly(2025, 3, 25), docs.Find("90 FR 14046")!.Effective);
        Assert.Equal(new DateOnly(2025, 3, 25), docs.Find("90 FR 14052, 3/28/25")!.Effective);
        Assert.Null(docs.Find("90 FR 14053, 3/28/25"));
        Assert.Null(docs.Find("89 FR 14048"));
        Assert.Null(docs.Find(null));
        Assert.Equal("FR Doc 2025-00704", docs.Find("90 FR 4618, 1/16/25")!.Document);
    }

    [Fact]
    public void ABadDocumentNamesItsFieldAndLine()
    {
        var e = Assert.Throws<InputException>(() => FederalRegisterDocuments.Load("x.yaml", """
            documents:
              - citation: "90 FR 14052-14046"
                document: FR Doc 1
                effective: 2025-03-25
                published: 2025-03-28
            """));
        Assert.Contains("x.yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains("citation", e.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => FederalRegisterDocuments.Load("y.yaml", "documents:\n  - citation: \"90 FR 1\"\n    document: d\n    effective: 2025-01-01\n    published: 2025-01-01\n"));
    }
}
