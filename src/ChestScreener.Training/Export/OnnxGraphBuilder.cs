using System.Runtime.InteropServices;

namespace ChestScreener.Training.Export;

/// <summary>
/// Builds an ONNX model (ModelProto, opset 17) by hand: float initializers, nodes with int/ints/float attributes,
/// float tensor inputs/outputs with symbolic dimensions. Field numbers follow onnx.proto.
/// </summary>
public sealed class OnnxGraphBuilder(string graphName)
{
    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private int _counter;

    public const int Opset = 17;

    /// <summary>A name not used before in this graph.</summary>
    public string Unique(string prefix) => $"{prefix}_{_counter++}";

    public string Initializer(string name, float[] data, params long[] dims)
    {
        var bytes = MemoryMarshal.AsBytes(data.AsSpan());
        var t = new ProtoWriter();
        foreach (var d in dims) t.Varint(1, d);
        t.Varint(2, 1); // FLOAT
        t.String(8, name);
        t.Bytes(9, bytes.ToArray());
        _initializers.Add(t);
        return name;
    }

    public string Initializer(string name, long[] data)
    {
        var t = new ProtoWriter();
        t.Varint(1, data.Length);
        t.Varint(2, 7); // INT64
        t.String(8, name);
        t.Bytes(9, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
        _initializers.Add(t);
        return name;
    }

    /// <summary>Adds a node; returns its (single) output name.</summary>
    public string Node(string opType, string[] inputs, params (string Name, object Value)[] attributes)
    {
        string output = $"{opType.ToLowerInvariant()}_{_counter++}";
        Node(opType, inputs, [output], attributes);
        return output;
    }

    public void Node(string opType, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var n = new ProtoWriter();
        foreach (var i in inputs) n.String(1, i);
        foreach (var o in outputs) n.String(2, o);
        n.String(3, $"{opType}_{_nodes.Count}");
        n.String(4, opType);
        foreach (var (name, value) in attributes)
        {
            var a = new ProtoWriter().String(1, name);
            switch (value)
            {
                case float f: a.Fixed32(2, f).Varint(20, 1); break;
                case long l: a.Varint(3, l).Varint(20, 2); break;
                case int i: a.Varint(3, i).Varint(20, 2); break;
                case long[] ls:
                    foreach (var l in ls) a.Varint(8, l);
                    a.Varint(20, 7);
                    break;
                default: throw new ArgumentException($"attribute {name}: unsupported type {value.GetType()}");
            }
            n.Message(5, a);
        }
        _nodes.Add(n);
    }

    /// <summary>Declares a float graph input or output; a null dimension becomes a symbolic one.</summary>
    public void Input(string name, params object[] dims) => _inputs.Add(ValueInfo(name, dims));
    public void Output(string name, params object[] dims) => _outputs.Add(ValueInfo(name, dims));

    private static ProtoWriter ValueInfo(string name, object[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var d in dims)
        {
            var dim = new ProtoWriter();
            if (d is string s) dim.String(2, s); else dim.Varint(1, Convert.ToInt64(d));
            shape.Message(1, dim);
        }
        var tensor = new ProtoWriter().Varint(1, 1).Message(2, shape);
        var type = new ProtoWriter().Message(1, tensor);
        return new ProtoWriter().String(1, name).Message(2, type);
    }

    public byte[] Build(string producer)
    {
        var g = new ProtoWriter();
        foreach (var n in _nodes) g.Message(1, n);
        g.String(2, graphName);
        foreach (var t in _initializers) g.Message(5, t);
        foreach (var i in _inputs) g.Message(11, i);
        foreach (var o in _outputs) g.Message(12, o);
        var opset = new ProtoWriter().String(1, "").Varint(2, Opset);
        return new ProtoWriter()
            .Varint(1, 8) // IR version 8
            .String(2, producer)
            .String(3, "1")
            .Message(7, g)
            .Message(8, opset)
            .ToArray();
    }
}
