using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + <c>runtime.Unknown</c>) for the request bodies kubectl sends in
/// protobuf (typed clients: <c>certificate approve|deny</c>, <c>auth can-i</c>, <c>auth whoami</c>, <c>delete</c>), turning them
/// into JSON via per-type field tables from the <c>generated.proto</c> files. Unknown fields are skipped.
/// Responses are always JSON (kubectl accepts it).
/// </summary>
internal static class ProtobufDecoder
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    private enum Kind
    {
        String,
        Bytes,
        Int,
        Bool,
        Message,
        Time,
        MicroTime,
        StringMap,
        BytesMap,
        MessageMap,
        QuantityMap,
    }

    /// <summary>
    /// One field of a generated.proto message. <paramref name="Pointer"/> marks Go pointer fields, whose zero value is meaningful;
    /// for the others gogo-protobuf writes zero values that Go's JSON encoding then omits, so the decoder drops them.
    /// </summary>
    private sealed record Field(string Name, Kind Kind, bool Repeated = false, Dictionary<int, Field>? Message = null, bool Pointer = false);

    private static readonly Dictionary<int, Field> ExtraValue = new() { [1] = new("items", Kind.String, true) };

    private static readonly Dictionary<int, Field> OwnerReference = new()
    {
        [5] = new("apiVersion", Kind.String),
        [1] = new("kind", Kind.String),
        [3] = new("name", Kind.String),
        [4] = new("uid", Kind.String),
        [6] = new("controller", Kind.Bool, Pointer: true),
        [7] = new("blockOwnerDeletion", Kind.Bool, Pointer: true),
    };

    private static readonly Dictionary<int, Field> ObjectMeta = new()
    {
        [1] = new("name", Kind.String),
        [2] = new("generateName", Kind.String),
        [3] = new("namespace", Kind.String),
        [5] = new("uid", Kind.String),
        [6] = new("resourceVersion", Kind.String),
        [7] = new("generation", Kind.Int),
        [8] = new("creationTimestamp", Kind.Time),
        [9] = new("deletionTimestamp", Kind.Time),
        [10] = new("deletionGracePeriodSeconds", Kind.Int, Pointer: true),
        [11] = new("labels", Kind.StringMap),
        [12] = new("annotations", Kind.StringMap),
        [13] = new("ownerReferences", Kind.Message, true, OwnerReference),
        [14] = new("finalizers", Kind.String, true),
    };

    private static readonly Dictionary<int, Field> CsrCondition = new()
    {
        [1] = new("type", Kind.String),
        [6] = new("status", Kind.String),
        [2] = new("reason", Kind.String),
        [3] = new("message", Kind.String),
        [4] = new("lastUpdateTime", Kind.Time),
        [5] = new("lastTransitionTime", Kind.Time),
    };

    private static readonly Dictionary<int, Field> Csr = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("spec", Kind.Message, false, new Dictionary<int, Field>
        {
            [1] = new("request", Kind.Bytes),
            [5] = new("usages", Kind.String, true),
            [2] = new("username", Kind.String),
            [3] = new("uid", Kind.String),
            [4] = new("groups", Kind.String, true),
            [6] = new("extra", Kind.MessageMap, false, ExtraValue),
            [7] = new("signerName", Kind.String),
            [8] = new("expirationSeconds", Kind.Int, Pointer: true),
        }),
        [3] = new("status", Kind.Message, false, new Dictionary<int, Field>
        {
            [1] = new("conditions", Kind.Message, true, CsrCondition),
            [2] = new("certificate", Kind.Bytes),
        }),
    };

    private static readonly Dictionary<int, Field> ResourceAttributes = new()
    {
        [1] = new("namespace", Kind.String),
        [2] = new("verb", Kind.String),
        [3] = new("group", Kind.String),
        [4] = new("version", Kind.String),
        [5] = new("resource", Kind.String),
        [6] = new("subresource", Kind.String),
        [7] = new("name", Kind.String),
    };

    private static readonly Dictionary<int, Field> NonResourceAttributes = new() { [1] = new("path", Kind.String), [2] = new("verb", Kind.String) };

    private static readonly Dictionary<int, Field> SelfSubjectAccessReview = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("spec", Kind.Message, false, new Dictionary<int, Field>
        {
            [1] = new("resourceAttributes", Kind.Message, false, ResourceAttributes),
            [2] = new("nonResourceAttributes", Kind.Message, false, NonResourceAttributes),
        }),
    };

    private static readonly Dictionary<int, Field> SubjectAccessReview = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("spec", Kind.Message, false, new Dictionary<int, Field>
        {
            [1] = new("resourceAttributes", Kind.Message, false, ResourceAttributes),
            [2] = new("nonResourceAttributes", Kind.Message, false, NonResourceAttributes),
            [3] = new("user", Kind.String),
            [4] = new("groups", Kind.String, true),
            [5] = new("extra", Kind.MessageMap, false, ExtraValue),
            [6] = new("uid", Kind.String),
        }),
    };

    private static readonly Dictionary<int, Field> SelfSubjectRulesReview = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("spec", Kind.Message, false, new Dictionary<int, Field> { [1] = new("namespace", Kind.String) }),
    };

    private static readonly Dictionary<int, Field> Namespace = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("spec", Kind.Message, false, new Dictionary<int, Field> { [1] = new("finalizers", Kind.String, true) }),
    };

    private static readonly Dictionary<int, Field> ConfigMap = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("data", Kind.StringMap),
        [3] = new("binaryData", Kind.BytesMap),
        [4] = new("immutable", Kind.Bool, Pointer: true),
    };

    private static readonly Dictionary<int, Field> Secret = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("data", Kind.BytesMap),
        [3] = new("type", Kind.String),
        [4] = new("stringData", Kind.StringMap),
        [5] = new("immutable", Kind.Bool, Pointer: true),
    };

    private static readonly Dictionary<int, Field> PolicyRule = new()
    {
        [1] = new("verbs", Kind.String, true),
        [2] = new("apiGroups", Kind.String, true),
        [3] = new("resources", Kind.String, true),
        [4] = new("resourceNames", Kind.String, true),
        [5] = new("nonResourceURLs", Kind.String, true),
    };

    private static readonly Dictionary<int, Field> RoleType = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("rules", Kind.Message, true, PolicyRule),
    };

    private static readonly Dictionary<int, Field> BindingType = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("subjects", Kind.Message, true, new Dictionary<int, Field>
        {
            [1] = new("kind", Kind.String),
            [2] = new("apiGroup", Kind.String),
            [3] = new("name", Kind.String),
            [4] = new("namespace", Kind.String),
        }),
        [3] = new("roleRef", Kind.Message, false, new Dictionary<int, Field>
        {
            [1] = new("apiGroup", Kind.String),
            [2] = new("kind", Kind.String),
            [3] = new("name", Kind.String),
        }),
    };

    private static readonly Dictionary<int, Field> NodeCondition = new()
    {
        [1] = new("type", Kind.String),
        [2] = new("status", Kind.String),
        [3] = new("lastHeartbeatTime", Kind.Time),
        [4] = new("lastTransitionTime", Kind.Time),
        [5] = new("reason", Kind.String),
        [6] = new("message", Kind.String),
    };

    private static readonly Dictionary<int, Field> Node = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("spec", Kind.Message, false, new Dictionary<int, Field>
        {
            [1] = new("podCIDR", Kind.String),
            [2] = new("externalID", Kind.String),
            [3] = new("providerID", Kind.String),
            [4] = new("unschedulable", Kind.Bool),
            [5] = new("taints", Kind.Message, true, new Dictionary<int, Field>
            {
                [1] = new("key", Kind.String),
                [2] = new("value", Kind.String),
                [3] = new("effect", Kind.String),
                [4] = new("timeAdded", Kind.Time),
            }),
            [7] = new("podCIDRs", Kind.String, true),
        }),
        [3] = new("status", Kind.Message, false, new Dictionary<int, Field>
        {
            [1] = new("capacity", Kind.QuantityMap),
            [2] = new("allocatable", Kind.QuantityMap),
            [3] = new("phase", Kind.String),
            [4] = new("conditions", Kind.Message, true, NodeCondition),
            [5] = new("addresses", Kind.Message, true, new Dictionary<int, Field> { [1] = new("type", Kind.String), [2] = new("address", Kind.String) }),
            [6] = new("daemonEndpoints", Kind.Message, false, new Dictionary<int, Field>
            {
                [1] = new("kubeletEndpoint", Kind.Message, false, new Dictionary<int, Field> { [1] = new("Port", Kind.Int) }),
            }),
            [7] = new("nodeInfo", Kind.Message, false, new Dictionary<int, Field>
            {
                [1] = new("machineID", Kind.String),
                [2] = new("systemUUID", Kind.String),
                [3] = new("bootID", Kind.String),
                [4] = new("kernelVersion", Kind.String),
                [5] = new("osImage", Kind.String),
                [6] = new("containerRuntimeVersion", Kind.String),
                [7] = new("kubeletVersion", Kind.String),
                [8] = new("kubeProxyVersion", Kind.String),
                [9] = new("operatingSystem", Kind.String),
                [10] = new("architecture", Kind.String),
            }),
            [8] = new("images", Kind.Message, true, new Dictionary<int, Field> { [1] = new("names", Kind.String, true), [2] = new("sizeBytes", Kind.Int) }),
            [9] = new("volumesInUse", Kind.String, true),
            [10] = new("volumesAttached", Kind.Message, true, new Dictionary<int, Field> { [1] = new("name", Kind.String), [2] = new("devicePath", Kind.String) }),
            [12] = new("runtimeHandlers", Kind.Message, true, new Dictionary<int, Field>
            {
                [1] = new("name", Kind.String),
                [2] = new("features", Kind.Message, false, new Dictionary<int, Field>
                {
                    [1] = new("recursiveReadOnlyMounts", Kind.Bool, Pointer: true),
                    [2] = new("userNamespaces", Kind.Bool, Pointer: true),
                }),
            }),
            [13] = new("features", Kind.Message, false, new Dictionary<int, Field> { [1] = new("supplementalGroupsPolicy", Kind.Bool, Pointer: true) }),
        }),
    };

    private static readonly Dictionary<int, Field> Lease = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("spec", Kind.Message, false, new Dictionary<int, Field>
        {
            [1] = new("holderIdentity", Kind.String, Pointer: true),
            [2] = new("leaseDurationSeconds", Kind.Int, Pointer: true),
            [3] = new("acquireTime", Kind.MicroTime),
            [4] = new("renewTime", Kind.MicroTime),
            [5] = new("leaseTransitions", Kind.Int, Pointer: true),
            [6] = new("strategy", Kind.String, Pointer: true),
            [7] = new("preferredHolder", Kind.String, Pointer: true),
        }),
    };

    private static readonly Dictionary<int, Field> ObjectReference = new()
    {
        [1] = new("kind", Kind.String),
        [2] = new("namespace", Kind.String),
        [3] = new("name", Kind.String),
        [4] = new("uid", Kind.String),
        [5] = new("apiVersion", Kind.String),
        [6] = new("resourceVersion", Kind.String),
        [7] = new("fieldPath", Kind.String),
    };

    private static readonly Dictionary<int, Field> CoreEvent = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("involvedObject", Kind.Message, false, ObjectReference),
        [3] = new("reason", Kind.String),
        [4] = new("message", Kind.String),
        [5] = new("source", Kind.Message, false, new Dictionary<int, Field> { [1] = new("component", Kind.String), [2] = new("host", Kind.String) }),
        [6] = new("firstTimestamp", Kind.Time),
        [7] = new("lastTimestamp", Kind.Time),
        [8] = new("count", Kind.Int),
        [9] = new("type", Kind.String),
        [10] = new("eventTime", Kind.MicroTime),
        [11] = new("series", Kind.Message, false, new Dictionary<int, Field> { [1] = new("count", Kind.Int), [2] = new("lastObservedTime", Kind.MicroTime) }),
        [12] = new("action", Kind.String),
        [13] = new("related", Kind.Message, false, ObjectReference),
        [14] = new("reportingComponent", Kind.String),
        [15] = new("reportingInstance", Kind.String),
    };

    private static readonly Dictionary<int, Field> MetadataOnly = new() { [1] = new("metadata", Kind.Message, false, ObjectMeta) };

    private static readonly Dictionary<int, Field> DeleteOptions = new()
    {
        [1] = new("gracePeriodSeconds", Kind.Int, Pointer: true),
        [2] = new("preconditions", Kind.Message, false, new Dictionary<int, Field> { [1] = new("uid", Kind.String), [2] = new("resourceVersion", Kind.String) }),
        [3] = new("orphanDependents", Kind.Bool, Pointer: true),
        [4] = new("propagationPolicy", Kind.String),
        [5] = new("dryRun", Kind.String, true),
    };

    public static bool IsProtobuf(string? contentType) =>
        contentType is not null && contentType.StartsWith(MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Decodes an envelope into JSON (<c>kind</c>/<c>apiVersion</c> from the envelope) or throws 415 for unsupported types.</summary>
    public static byte[] ToJson(byte[] body)
    {
        if (body.Length < 4 || !body.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw ApiException.BadRequest("provided protobuf data does not start with the Kubernetes magic number");
        }

        var envelope = new Reader(body, 4, body.Length);
        string apiVersion = string.Empty;
        string kind = string.Empty;
        byte[] raw = [];
        while (envelope.HasMore)
        {
            var (number, wire) = envelope.Tag();
            if (number == 1 && wire == 2)
            {
                var typeMeta = envelope.Sub();
                while (typeMeta.HasMore)
                {
                    var (n, w) = typeMeta.Tag();
                    if (n == 1 && w == 2)
                    {
                        apiVersion = typeMeta.String();
                    }
                    else if (n == 2 && w == 2)
                    {
                        kind = typeMeta.String();
                    }
                    else
                    {
                        typeMeta.Skip(w);
                    }
                }
            }
            else if (number == 2 && wire == 2)
            {
                raw = envelope.Bytes();
            }
            else
            {
                envelope.Skip(wire);
            }
        }

        var schema = kind switch
        {
            "CertificateSigningRequest" => Csr,
            "SelfSubjectAccessReview" or "LocalSubjectAccessReview" => kind == "SelfSubjectAccessReview" ? SelfSubjectAccessReview : SubjectAccessReview,
            "SubjectAccessReview" => SubjectAccessReview,
            "SelfSubjectRulesReview" => SelfSubjectRulesReview,
            "SelfSubjectReview" => MetadataOnly,
            "DeleteOptions" => DeleteOptions,
            "Namespace" => Namespace,
            "ConfigMap" => ConfigMap,
            "Secret" => Secret,
            "ClusterRole" or "Role" => RoleType,
            "ClusterRoleBinding" or "RoleBinding" => BindingType,
            "Node" => Node,
            "Lease" => Lease,
            "Event" => CoreEvent,
            _ => throw new ApiException(415, "UnsupportedMediaType",
                $"the sandbox cannot decode protobuf bodies of kind {kind}; send application/json", new JsonObject()),
        };
        var obj = Decode(new Reader(raw, 0, raw.Length), schema);
        obj["kind"] = kind;
        obj["apiVersion"] = apiVersion;
        return System.Text.Encoding.UTF8.GetBytes(obj.ToJsonString());
    }

    private static JsonObject Decode(Reader reader, Dictionary<int, Field> schema)
    {
        var obj = new JsonObject();
        while (reader.HasMore)
        {
            var (number, wire) = reader.Tag();
            if (!schema.TryGetValue(number, out var field))
            {
                reader.Skip(wire);
                continue;
            }

            JsonNode? value = field.Kind switch
            {
                Kind.String => reader.String(),
                Kind.Bytes => Convert.ToBase64String(reader.Bytes()),
                Kind.Int => (long)reader.Varint(),
                Kind.Bool => reader.Varint() != 0,
                Kind.Message => Decode(reader.Sub(), field.Message!),
                Kind.Time => Time(reader.Sub(), micro: false),
                Kind.MicroTime => Time(reader.Sub(), micro: true),
                _ => null,
            };
            if (!field.Pointer && !field.Repeated && value is JsonValue zero
                && ((zero.TryGetValue<string>(out var text) && text.Length == 0) || (zero.TryGetValue<long>(out var integer) && integer == 0)
                    || (zero.TryGetValue<bool>(out var flag) && !flag)))
            {
                // An unset non-pointer field: Go's JSON encoding would omit it.
                continue;
            }

            if (field.Kind is Kind.StringMap or Kind.BytesMap or Kind.MessageMap or Kind.QuantityMap)
            {
                var entry = reader.Sub();
                string key = string.Empty;
                JsonNode? entryValue = null;
                while (entry.HasMore)
                {
                    var (n, w) = entry.Tag();
                    if (n == 1)
                    {
                        key = entry.String();
                    }
                    else if (n == 2)
                    {
                        entryValue = field.Kind switch
                        {
                            Kind.StringMap => entry.String(),
                            Kind.BytesMap => Convert.ToBase64String(entry.Bytes()),
                            Kind.QuantityMap => Decode(entry.Sub(), Quantity)["string"]?.DeepClone() ?? "0",
                            _ => Decode(entry.Sub(), field.Message!)["items"]?.DeepClone() ?? new JsonArray(),
                        };
                    }
                    else
                    {
                        entry.Skip(w);
                    }
                }

                var map = obj[field.Name] as JsonObject ?? new JsonObject();
                map[key] = entryValue;
                obj[field.Name] = map;
                continue;
            }

            if (value is null)
            {
                continue;
            }

            if (field.Repeated)
            {
                var array = obj[field.Name] as JsonArray ?? new JsonArray();
                array.Add(value);
                obj[field.Name] = array;
            }
            else
            {
                obj[field.Name] = value;
            }
        }

        return obj;
    }

    private static readonly Dictionary<int, Field> Quantity = new() { [1] = new("string", Kind.String) };

    private static JsonNode? Time(Reader reader, bool micro)
    {
        long seconds = 0;
        long nanos = 0;
        var set = false;
        while (reader.HasMore)
        {
            var (n, w) = reader.Tag();
            if (n == 1)
            {
                seconds = (long)reader.Varint();
                set = true;
            }
            else if (n == 2)
            {
                nanos = (long)reader.Varint();
            }
            else
            {
                reader.Skip(w);
            }
        }

        // Go's zero time (0001-01-01) is how an unset metav1.Time travels; an empty Time message means "not set" too.
        if (!set || seconds <= -62135596800 + 1)
        {
            return null;
        }

        var time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return micro ? WireNormalizer.FormatMicroTime(time.AddTicks(nanos / 100)) : Storage.ObjectStore.FormatTime(time);
    }

    /// <summary>
    /// Encodes <paramref name="obj"/> (JSON of a kind with a schema here) as a Kubernetes protobuf body: the <c>k8s\0</c> magic and a
    /// <c>runtime.Unknown</c> envelope (k8s.io/apimachinery pkg/runtime/serializer/protobuf/protobuf.go). Used by the simulated
    /// kubelets, which send Nodes, Leases and Events in protobuf as real kubelets do.
    /// </summary>
    public static byte[] Encode(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var kind = obj["kind"]?.GetValue<string>() ?? string.Empty;
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? string.Empty;
        var schema = kind switch
        {
            "Node" => Node,
            "Lease" => Lease,
            "Event" => CoreEvent,
            "CertificateSigningRequest" => Csr,
            _ => throw new ArgumentException($"no protobuf schema for {kind}", nameof(obj)),
        };
        using var typeMeta = new MemoryStream();
        Writer.String(typeMeta, 1, apiVersion);
        Writer.String(typeMeta, 2, kind);
        using var raw = new MemoryStream();
        EncodeMessage(raw, obj, schema);
        using var envelope = new MemoryStream();
        envelope.Write(Magic);
        Writer.Bytes(envelope, 1, typeMeta.ToArray());
        Writer.Bytes(envelope, 2, raw.ToArray());
        return envelope.ToArray();
    }

    private static void EncodeMessage(MemoryStream stream, JsonObject obj, Dictionary<int, Field> schema)
    {
        foreach (var (number, field) in schema.OrderBy(f => f.Key))
        {
            if (obj[field.Name] is not { } value)
            {
                continue;
            }

            var values = field.Repeated && value is JsonArray array ? array.Where(v => v is not null).Select(v => v!).ToList() : [value];
            foreach (var item in values)
            {
                EncodeValue(stream, number, field, item);
            }
        }
    }

    private static void EncodeValue(MemoryStream stream, int number, Field field, JsonNode value)
    {
        switch (field.Kind)
        {
            case Kind.String:
                Writer.String(stream, number, value.GetValue<string>());
                break;
            case Kind.Bytes:
                Writer.Bytes(stream, number, Convert.FromBase64String(value.GetValue<string>()));
                break;
            case Kind.Int:
                Writer.Varint(stream, (ulong)((number << 3) | 0));
                Writer.Varint(stream, (ulong)long.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture));
                break;
            case Kind.Bool:
                Writer.Varint(stream, (ulong)((number << 3) | 0));
                Writer.Varint(stream, value.GetValue<bool>() ? 1UL : 0UL);
                break;
            case Kind.Message:
                using (var inner = new MemoryStream())
                {
                    EncodeMessage(inner, value.AsObject(), field.Message!);
                    Writer.Bytes(stream, number, inner.ToArray());
                }

                break;
            case Kind.Time or Kind.MicroTime:
                var time = DateTimeOffset.Parse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
                using (var timestamp = new MemoryStream())
                {
                    Writer.Varint(timestamp, 1 << 3);
                    Writer.Varint(timestamp, (ulong)time.ToUnixTimeSeconds());
                    if (field.Kind == Kind.MicroTime && time.UtcTicks % TimeSpan.TicksPerSecond is var ticks and > 0)
                    {
                        Writer.Varint(timestamp, 2 << 3);
                        Writer.Varint(timestamp, (ulong)(ticks * 100));
                    }

                    Writer.Bytes(stream, number, timestamp.ToArray());
                }

                break;
            case Kind.StringMap or Kind.QuantityMap or Kind.BytesMap:
                foreach (var (key, entryValue) in value.AsObject())
                {
                    using var entry = new MemoryStream();
                    Writer.String(entry, 1, key);
                    var text = entryValue?.GetValue<string>() ?? string.Empty;
                    if (field.Kind == Kind.QuantityMap)
                    {
                        using var quantity = new MemoryStream();
                        Writer.String(quantity, 1, text);
                        Writer.Bytes(entry, 2, quantity.ToArray());
                    }
                    else if (field.Kind == Kind.BytesMap)
                    {
                        Writer.Bytes(entry, 2, Convert.FromBase64String(text));
                    }
                    else
                    {
                        Writer.String(entry, 2, text);
                    }

                    Writer.Bytes(stream, number, entry.ToArray());
                }

                break;
        }
    }

    /// <summary>Protobuf wire-format writing (length-delimited fields and varints).</summary>
    internal static class Writer
    {
        public static void String(MemoryStream stream, int number, string value) => Bytes(stream, number, System.Text.Encoding.UTF8.GetBytes(value));

        public static void Bytes(MemoryStream stream, int number, byte[] value)
        {
            Varint(stream, (ulong)((number << 3) | 2));
            Varint(stream, (ulong)value.Length);
            stream.Write(value);
        }

        public static void Varint(MemoryStream stream, ulong value)
        {
            while (value >= 0x80)
            {
                stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            stream.WriteByte((byte)value);
        }
    }

    private sealed class Reader(byte[] data, int position, int end)
    {
        private int position = position;

        public bool HasMore => position < end;

        public (int Number, int Wire) Tag()
        {
            var tag = Varint();
            return ((int)(tag >> 3), (int)(tag & 7));
        }

        public ulong Varint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (position >= end)
                {
                    throw ApiException.BadRequest("truncated protobuf body");
                }

                var b = data[position++];
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }

            throw ApiException.BadRequest("invalid protobuf varint");
        }

        public byte[] Bytes()
        {
            var length = (int)Varint();
            if (length < 0 || position + length > end)
            {
                throw ApiException.BadRequest("truncated protobuf body");
            }

            var bytes = data.AsSpan(position, length).ToArray();
            position += length;
            return bytes;
        }

        public string String() => System.Text.Encoding.UTF8.GetString(Bytes());

        public Reader Sub()
        {
            var length = (int)Varint();
            if (length < 0 || position + length > end)
            {
                throw ApiException.BadRequest("truncated protobuf body");
            }

            var sub = new Reader(data, position, position + length);
            position += length;
            return sub;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: position += 8; break;
                case 2: Bytes(); break;
                case 5: position += 4; break;
                default: throw ApiException.BadRequest("unsupported protobuf wire type");
            }
        }
    }
}
