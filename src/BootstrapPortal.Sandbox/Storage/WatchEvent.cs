namespace BootstrapPortal.Sandbox.Storage;

/// <summary>One change in the store. For DELETED, <see cref="Object"/> is the last state with the deletion's resourceVersion.</summary>
internal sealed record WatchEvent(long ResourceVersion, string Type, StoredObject Object, StoredObject? Previous);
