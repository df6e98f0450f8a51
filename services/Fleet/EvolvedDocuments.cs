using Marten;

namespace Fleet;

public static class EvolvedDocuments
{
    /// <summary>
    /// Stores what a document evolved into, if it changed. A loaded one is updated at the version
    /// read and a new one inserted, so two instances that both found none cannot both write it.
    /// </summary>
    public static void StoreEvolved<T>(this IDocumentSession session, T? before, T after) where T : class
    {
        if (ReferenceEquals(before, after)) return;
        if (before is null) session.Insert(after);
        else session.Update(after);
    }
}
