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
        StringMap,
        BytesMap,
        MessageMap,
    }

    private sealed record Field(string Name, Kind Kind, bool Repeated = false, Dictionary<int, Field>? Message = null);

    private static readonly Dictionary<int, Field> ExtraValue = new() { [1] = new("items", Kind.String, true) };

    private static readonly Dictionary<int, Field> OwnerReference = new()
    {
        [5] = new("apiVersion", Kind.String),
        [1] = new("kind", Kind.String),
        [3] = new("name", Kind.String),
        [4] = new("uid", Kind.String),
        [6] = new("controller", Kind.Bool),
        [7] = new("blockOwnerDeletion", Kind.Bool),
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
        [10] = new("deletionGracePeriodSeconds", Kind.Int),
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
            [8] = new("expirationSeconds", Kind.Int),
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
        [4] = new("immutable", Kind.Bool),
    };

    private static readonly Dictionary<int, Field> Secret = new()
    {
        [1] = new("metadata", Kind.Message, false, ObjectMeta),
        [2] = new("data", Kind.BytesMap),
        [3] = new("type", Kind.String),
        [4] = new("stringData", Kind.StringMap),
        [5] = new("immutable", Kind.Bool),
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

    private static readonly Dictionary<int, Field> MetadataOnly = new() { [1] = new("metadata", Kind.Message, false, ObjectMeta) };

    private static readonly Dictionary<int, Field> DeleteOptions = new()
    {
        [1] = new("gracePeriodSeconds", Kind.Int),
        [2] = new("preconditions", Kind.Message, false, new Dictionary<int, Field> { [1] = new("uid", Kind.String), [2] = new("resourceVersion", Kind.String) }),
        [3] = new("orphanDependents", Kind.Bool),
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
                Kind.Time => Time(reader.Sub()),
                _ => null,
            };
            if (field.Kind is Kind.StringMap or Kind.BytesMap or Kind.MessageMap)
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

    private static JsonNode? Time(Reader reader)
    {
        long seconds = 0;
        var set = false;
        while (reader.HasMore)
        {
            var (n, w) = reader.Tag();
            if (n == 1)
            {
                seconds = (long)reader.Varint();
                set = true;
            }
            else
            {
                reader.Skip(w);
            }
        }

        // Go's zero time (0001-01-01) is how an unset metav1.Time travels; it means "not set".
        // An empty Time message (Go marshals a zero metav1.Time as nothing) means "not set".
        if (!set || seconds <= -62135596800 + 1)
        {
            return null;
        }

        return Storage.ObjectStore.FormatTime(DateTimeOffset.FromUnixTimeSeconds(seconds));
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
