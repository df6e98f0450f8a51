using Marten;

namespace Metering.Ledger;

/// <summary>
/// A read model kept in step with the ledger inside the same transaction as the append,
/// so a committed second is visible at once and never counted without its ledger event.
/// </summary>
public interface ILedgerReadModel
{
    void Apply(IDocumentOperations operations, IReadOnlyList<NodeUsageRecorded> recorded);
}
