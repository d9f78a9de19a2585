package io.smolforge.template.jinja;

import io.smolforge.template.jinja.Token.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser for jinja2's grammar (operator precedence as in jinja2's parser.py). */
final class Parser {
    private static final int MAX_NESTING = 256;
    private static final Set<String> COMPARE_OPS = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final List<Token> tokens;
    private int pos;
    private int nesting;
    private int loopDepth;
    private boolean usesGeneration;
    /** jinja2's end-token and tag stacks, for its "Jinja was looking for" messages. */
    private final List<List<String>> endTokenStack = new ArrayList<>();
    private final List<String> tagStack = new ArrayList<>();
    /**
     * Inside an if statement or inline if (jinja2's "soft frame") an unknown filter or test fails only when
     * evaluated; elsewhere it is a compile-time error, reported after parsing like jinja2's compiler.
     */
    private boolean soft;
    private final List<JinjaError> unknownNames = new ArrayList<>();
    /** break/continue outside a loop: Python's compiler rejects them after jinja2 has parsed everything. */
    private final List<JinjaError> strayLoopControls = new ArrayList<>();

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    record Result(List<Stmt> body, boolean hasGeneration) {
    }

    static Result parse(String source) {
        Parser p = new Parser(Lexer.tokenize(source));
        List<Stmt> body = p.subparse(List.of());
        if (!p.unknownNames.isEmpty()) {
            throw p.unknownNames.get(0);
        }
        if (!p.strayLoopControls.isEmpty()) {
            throw p.strayLoopControls.get(0);
        }
        return new Result(body, p.usesGeneration);
    }

    // ---- token helpers ----

    private Token current() {
        Token t = tokens.get(pos);
        if (t.kind() == Kind.ERROR) {
            throw JinjaError.syntax(t.value(), t.line());
        }
        return t;
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = current();
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private JinjaError fail(String message) {
        return JinjaError.syntax(message, current().line());
    }

    private JinjaError expected(String what) {
        return fail("expected token '" + what + "', got " + current());
    }

    private void expectOp(String op) {
        if (!current().isOp(op)) {
            throw expected(op);
        }
        pos++;
    }

    private String expectName() {
        if (current().kind() != Kind.NAME) {
            throw expected("name");
        }
        return next().value();
    }

    private void expectBlockEnd() {
        if (current().kind() != Kind.BLOCK_END) {
            throw expected("end of statement block");
        }
        pos++;
    }

    /** Parses a nested body that jinja2 compiles in an inner (not soft) frame. */
    private List<Stmt> innerBody(List<String> endNames) {
        boolean savedSoft = soft;
        soft = false;
        try {
            return subparse(endNames);
        } finally {
            soft = savedSoft;
        }
    }

    private JinjaError unknownTagOrEof(String name) {
        StringBuilder message = new StringBuilder(name == null ? "Unexpected end of template."
                : "Encountered unknown tag '" + name + "'.");
        if (!endTokenStack.isEmpty()) {
            List<String> looking = endTokenStack.get(endTokenStack.size() - 1);
            String currently = String.join(" or ", looking.stream().map(t -> "'" + t + "'").toList());
            boolean expectedSomewhere = name != null && endTokenStack.stream().anyMatch(l -> l.contains(name));
            if (!looking.isEmpty()) {
                message.append(expectedSomewhere
                        ? " You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for " + currently + "."
                        : " Jinja was looking for the following tags: " + currently + ".");
            }
        }
        if (!tagStack.isEmpty()) {
            message.append(" The innermost block that needs to be closed is '").append(tagStack.get(tagStack.size() - 1)).append("'.");
        }
        return fail(message.toString());
    }

    private boolean skipName(String name) {
        if (current().isName(name)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean skipOp(String op) {
        if (current().isOp(op)) {
            pos++;
            return true;
        }
        return false;
    }

    private void enter() {
        if (++nesting > MAX_NESTING) {
            throw fail("template nested more than " + MAX_NESTING + " levels deep");
        }
    }

    // ---- statements ----

    /** Parses until a block tag named in {@code endNames}; leaves the position on that name. */
    private List<Stmt> subparse(List<String> endNames) {
        enter();
        if (!endNames.isEmpty()) {
            endTokenStack.add(endNames);
        }
        try {
            return subparseBody(endNames);
        } finally {
            if (!endNames.isEmpty()) {
                endTokenStack.remove(endTokenStack.size() - 1);
            }
        }
    }

    private List<Stmt> subparseBody(List<String> endNames) {
        List<Stmt> body = new ArrayList<>();
        while (true) {
            Token t = current();
            switch (t.kind()) {
                case TEXT -> {
                    body.add(new Stmt.Text(t.value(), t.line()));
                    pos++;
                }
                case VAR_BEGIN -> {
                    pos++;
                    Expr e = parseTuple(true, false, Set.of());
                    if (current().kind() != Kind.VAR_END) {
                        throw expected("end of print statement");
                    }
                    pos++;
                    body.add(new Stmt.Print(e, t.line()));
                }
                case BLOCK_BEGIN -> {
                    pos++;
                    Token name = current();
                    if (name.kind() != Kind.NAME) {
                        throw fail("tag name expected");
                    }
                    if (endNames.contains(name.value())) {
                        nesting--;
                        return body;
                    }
                    tagStack.add(name.value());
                    try {
                        body.add(parseStatement());
                    } finally {
                        tagStack.remove(tagStack.size() - 1);
                    }
                }
                case EOF -> {
                    if (!endNames.isEmpty()) {
                        throw unknownTagOrEof(null);
                    }
                    nesting--;
                    return body;
                }
                default -> throw fail("unexpected " + t);
            }
        }
    }

    private Stmt parseStatement() {
        Token t = current();
        int line = t.line();
        switch (t.value()) {
            case "if":
                pos++;
                return parseIf(line);
            case "for":
                pos++;
                return parseFor(line);
            case "set":
                pos++;
                return parseSet(line);
            case "macro":
                pos++;
                return parseMacro(line);
            case "call":
                pos++;
                return parseCallBlock(line);
            case "filter":
                pos++;
                return parseFilterBlock(line);
            case "with":
                pos++;
                return parseWith(line);
            case "include":
            case "import":
            case "from":
            case "extends": {
                // Parsed by jinja2, but transformers' environment has no loader, so they fail when run.
                while (current().kind() != Kind.BLOCK_END && current().kind() != Kind.EOF) {
                    pos++;
                }
                expectBlockEnd();
                return new Stmt.NoLoader(line);
            }
            case "generation": {
                pos++;
                expectBlockEnd();
                usesGeneration = true;
                List<Stmt> body = innerBody(List.of("endgeneration"));
                pos++;
                expectBlockEnd();
                return new Stmt.Generation(body, line);
            }
            case "break":
            case "continue":
                if (loopDepth == 0) {
                    strayLoopControls.add(new JinjaError("SyntaxError", "'" + t.value() + "' outside loop").atLine(line));
                }
                pos++;
                expectBlockEnd();
                return new Stmt.Jump(t.value().equals("break") ? Renderer.BREAK : Renderer.CONTINUE, line);
            default:
                tagStack.remove(tagStack.size() - 1);
                try {
                    throw unknownTagOrEof(t.value());
                } finally {
                    tagStack.add(t.value());
                }
        }
    }

    private Stmt parseIf(int line) {
        boolean savedSoft = soft;
        soft = true;
        try {
            return parseIfBody(line);
        } finally {
            soft = savedSoft;
        }
    }

    private Stmt parseIfBody(int line) {
        List<Expr> conditions = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        List<Stmt> otherwise = null;
        conditions.add(parseTuple(false, false, Set.of()));
        expectBlockEnd();
        while (true) {
            bodies.add(subparse(List.of("elif", "else", "endif")));
            String tag = next().value();
            if (tag.equals("elif")) {
                conditions.add(parseTuple(false, false, Set.of()));
                expectBlockEnd();
                continue;
            }
            expectBlockEnd();
            if (tag.equals("else")) {
                otherwise = subparse(List.of("endif"));
                pos++;
                expectBlockEnd();
            }
            break;
        }
        return new Stmt.If(conditions, bodies, otherwise, line);
    }

    private Stmt parseFor(int line) {
        Stmt.Target target = parseAssignTarget(false);
        if (!skipName("in")) {
            throw expected("in");
        }
        Expr iterable = parseTuple(false, false, Set.of("recursive"));
        Expr filter = skipName("if") ? parseExpression(true) : null;
        boolean recursive = skipName("recursive");
        expectBlockEnd();
        loopDepth++;
        List<Stmt> body = innerBody(List.of("endfor", "else"));
        loopDepth--;
        List<Stmt> otherwise = null;
        if (next().value().equals("else")) {
            expectBlockEnd();
            otherwise = subparse(List.of("endfor"));
            pos++;
        }
        expectBlockEnd();
        return new Stmt.For(target, iterable, filter, body, otherwise, recursive, line);
    }

    private Stmt.Target parseAssignTarget(boolean allowNamespace) {
        if (allowNamespace && current().kind() == Kind.NAME && peek(1).isOp(".")) {
            String ns = next().value();
            pos++;
            return new Stmt.Target(List.of(ns), expectName(), false);
        }
        boolean parens = skipOp("(");
        List<String> names = new ArrayList<>();
        names.add(expectName());
        boolean tuple = false;
        while (skipOp(",")) {
            tuple = true;
            if (current().kind() != Kind.NAME) {
                break;
            }
            names.add(expectName());
        }
        if (parens) {
            expectOp(")");
        }
        for (String n : names) {
            if (n.equals("true") || n.equals("false") || n.equals("none") || n.equals("True") || n.equals("False")
                    || n.equals("None")) {
                throw fail("Can't assign to constant '" + n + "'");
            }
        }
        return new Stmt.Target(names, null, tuple);
    }

    private Stmt parseSet(int line) {
        Stmt.Target target = parseAssignTarget(true);
        if (skipOp("=")) {
            Expr value = parseTuple(true, false, Set.of());
            expectBlockEnd();
            return new Stmt.Set(target, value, line);
        }
        List<Expr.Filter> filters = parseFilterChain();
        expectBlockEnd();
        List<Stmt> body = innerBody(List.of("endset"));
        pos++;
        expectBlockEnd();
        return new Stmt.SetBlock(target, body, filters, line);
    }

    private List<Expr.Filter> parseFilterChain() {
        List<Expr.Filter> filters = new ArrayList<>();
        boolean first = true;
        while (current().isOp("|") || (first && current().kind() == Kind.NAME && !current().isName("set"))) {
            if (!first || current().isOp("|")) {
                expectOp("|");
            }
            first = false;
            String name = filterName();
            Expr.Arguments args = current().isOp("(") ? parseCallArgs() : Expr.Arguments.NONE;
            filters.add(new Expr.Filter(null, name, args));
        }
        return filters;
    }

    private String filterName() {
        String name = expectName();
        while (current().isOp(".") && peek(1).kind() == Kind.NAME) {
            pos++;
            name = name + "." + next().value();
        }
        if (!Filters.exists(name)) {
            unknownName("filter", name);
        }
        return name;
    }

    private void unknownName(String what, String name) {
        if (!soft) {
            unknownNames.add(new JinjaError("TemplateAssertionError", "No " + what + " named '" + name + "'.")
                    .atLine(current().line()));
        }
    }

    /** Parameters of a macro or call block: names with optional defaults, defaults only at the end. */
    private void parseParams(List<String> params, List<Expr> defaults) {
        expectOp("(");
        while (!current().isOp(")")) {
            if (!params.isEmpty()) {
                expectOp(",");
                if (current().isOp(")")) {
                    break;
                }
            }
            params.add(expectName());
            if (skipOp("=")) {
                defaults.add(parseExpression(true));
            } else if (!defaults.isEmpty()) {
                throw fail("non-default argument follows default argument");
            }
        }
        expectOp(")");
    }

    private boolean bodyMentions(int from, int to, String name) {
        for (int i = from; i < to; i++) {
            if (tokens.get(i).isName(name)) {
                return true;
            }
        }
        return false;
    }

    private Stmt parseMacro(int line) {
        String name = expectName();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        parseParams(params, defaults);
        expectBlockEnd();
        int bodyStart = pos;
        int savedLoops = loopDepth;
        loopDepth = 0;
        List<Stmt> body = innerBody(List.of("endmacro"));
        loopDepth = savedLoops;
        int bodyEnd = pos;
        pos++;
        skipName(name);
        expectBlockEnd();
        return new Stmt.MacroDef(name, params, defaults, body, bodyMentions(bodyStart, bodyEnd, "kwargs"),
                bodyMentions(bodyStart, bodyEnd, "varargs"), bodyMentions(bodyStart, bodyEnd, "caller"), line);
    }

    private Stmt parseCallBlock(int line) {
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        if (current().isOp("(")) {
            parseParams(params, defaults);
        }
        Expr call = parseExpression(true);
        if (!(call instanceof Expr.Call c)) {
            throw fail("expected call");
        }
        expectBlockEnd();
        int bodyStart = pos;
        List<Stmt> body = innerBody(List.of("endcall"));
        int bodyEnd = pos;
        pos++;
        expectBlockEnd();
        return new Stmt.CallBlock(c, params, defaults, body, bodyMentions(bodyStart, bodyEnd, "kwargs"),
                bodyMentions(bodyStart, bodyEnd, "varargs"), line);
    }

    private Stmt parseFilterBlock(int line) {
        List<Expr.Filter> filters = parseFilterChain();
        if (filters.isEmpty()) {
            throw fail("expected filter name");
        }
        expectBlockEnd();
        List<Stmt> body = innerBody(List.of("endfilter"));
        pos++;
        expectBlockEnd();
        return new Stmt.Filter(filters, body, line);
    }

    private Stmt parseWith(int line) {
        List<Stmt.Target> targets = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (current().kind() != Kind.BLOCK_END) {
            if (!targets.isEmpty()) {
                expectOp(",");
            }
            targets.add(parseAssignTarget(false));
            expectOp("=");
            values.add(parseExpression(true));
        }
        expectBlockEnd();
        List<Stmt> body = innerBody(List.of("endwith"));
        pos++;
        expectBlockEnd();
        return new Stmt.With(targets, values, body, line);
    }

    // ---- expressions ----

    private Expr parseExpression(boolean withCondexpr) {
        return withCondexpr ? parseCondexpr() : parseOr();
    }

    private Expr parseCondexpr() {
        int unknownBefore = unknownNames.size();
        Expr expr = parseOr();
        if (!current().isName("if")) {
            return expr;
        }
        // An inline if is a soft frame too, including the branch parsed before we knew.
        while (unknownNames.size() > unknownBefore) {
            unknownNames.remove(unknownNames.size() - 1);
        }
        boolean savedSoft = soft;
        soft = true;
        try {
            while (skipName("if")) {
                Expr test = parseOr();
                Expr otherwise = skipName("else") ? parseCondexpr() : null;
                expr = new Expr.Conditional(test, expr, otherwise);
            }
            return expr;
        } finally {
            soft = savedSoft;
        }
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (skipName("or")) {
            left = new Expr.Or(left, parseAnd());
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (skipName("and")) {
            left = new Expr.And(left, parseNot());
        }
        return left;
    }

    private Expr parseNot() {
        if (skipName("not")) {
            enter();
            Expr e = new Expr.Not(parseNot());
            nesting--;
            return e;
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        Expr first = parseMath1();
        List<Operators.Comparison> ops = new ArrayList<>();
        List<Expr> operands = new ArrayList<>();
        while (true) {
            Token t = current();
            if (t.kind() == Kind.OPERATOR && COMPARE_OPS.contains(t.value())) {
                pos++;
                ops.add(Operators.Comparison.of(t.value()));
            } else if (t.isName("in")) {
                pos++;
                ops.add(Operators.Comparison.IN);
            } else if (t.isName("not") && peek(1).isName("in")) {
                pos += 2;
                ops.add(Operators.Comparison.NOT_IN);
            } else {
                break;
            }
            operands.add(parseMath1());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, ops, operands);
    }

    private Expr parseMath1() {
        Expr left = parseConcat();
        while (current().isOp("+") || current().isOp("-")) {
            String op = next().value();
            left = new Expr.Binary(Operators.Binary.of(op), left, parseConcat());
        }
        return left;
    }

    private Expr parseConcat() {
        Expr left = parseMath2();
        while (skipOp("~")) {
            left = new Expr.Binary(Operators.Binary.CONCAT, left, parseMath2());
        }
        return left;
    }

    private Expr parseMath2() {
        Expr left = parsePow();
        while (current().isOp("*") || current().isOp("/") || current().isOp("//") || current().isOp("%")) {
            String op = next().value();
            left = new Expr.Binary(Operators.Binary.of(op), left, parsePow());
        }
        return left;
    }

    private Expr parsePow() {
        Expr left = parseUnary(true);
        while (skipOp("**")) {
            left = power(left, parseUnary(true));
        }
        return left;
    }

    /**
     * jinja2 folds constant sub-expressions and writes a folded negative base as a bare literal into the
     * Python source, so {@code -2 ** x} computes {@code -(2 ** x)} when x is not constant. Reproduced here.
     */
    private static Expr power(Expr base, Expr exponent) {
        if (!ConstantFolding.isConstant(exponent)) {
            Object value = ConstantFolding.valueOf(base);
            if (value != null && Py.isNumber(value) && !(value instanceof Boolean) && Py.toDouble(value) < 0) {
                Expr positive = new Expr.Const(Operators.negate(value));
                return new Expr.Negate(new Expr.Binary(Operators.Binary.POW, positive, exponent), true);
            }
        }
        return new Expr.Binary(Operators.Binary.POW, base, exponent);
    }

    private Expr parseUnary(boolean withFilter) {
        enter();
        Expr node;
        if (skipOp("-")) {
            node = new Expr.Negate(parseUnary(false), true);
        } else if (skipOp("+")) {
            node = new Expr.Negate(parseUnary(false), false);
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        if (withFilter) {
            node = parseFilterExpr(node);
        }
        nesting--;
        return node;
    }

    private Expr parsePrimary() {
        Token t = current();
        switch (t.kind()) {
            case NAME: {
                pos++;
                return switch (t.value()) {
                    case "true", "True" -> new Expr.Const(Boolean.TRUE);
                    case "false", "False" -> new Expr.Const(Boolean.FALSE);
                    case "none", "None" -> new Expr.Const(null);
                    default -> new Expr.Name(t.value());
                };
            }
            case STRING: {
                pos++;
                StringBuilder sb = new StringBuilder(t.value());
                while (current().kind() == Kind.STRING) {
                    sb.append(next().value());
                }
                return new Expr.Const(sb.toString());
            }
            case INTEGER: {
                pos++;
                BigInteger v = new BigInteger(t.value());
                return new Expr.Const(v.bitLength() < 64 ? (Object) v.longValue() : v);
            }
            case FLOAT:
                pos++;
                return new Expr.Const(Double.parseDouble(t.value()));
            case OPERATOR:
                if (t.value().equals("(")) {
                    pos++;
                    Expr e = parseTuple(true, true, Set.of());
                    expectOp(")");
                    return e;
                }
                if (t.value().equals("[")) {
                    pos++;
                    List<Expr> items = new ArrayList<>();
                    while (!current().isOp("]")) {
                        if (!items.isEmpty()) {
                            expectOp(",");
                            if (current().isOp("]")) {
                                break;
                            }
                        }
                        items.add(parseExpression(true));
                    }
                    expectOp("]");
                    return new Expr.ListLiteral(items);
                }
                if (t.value().equals("{")) {
                    pos++;
                    List<Expr> keys = new ArrayList<>();
                    List<Expr> values = new ArrayList<>();
                    while (!current().isOp("}")) {
                        if (!keys.isEmpty()) {
                            expectOp(",");
                            if (current().isOp("}")) {
                                break;
                            }
                        }
                        keys.add(parseExpression(true));
                        expectOp(":");
                        values.add(parseExpression(true));
                    }
                    expectOp("}");
                    return new Expr.DictLiteral(keys, values);
                }
                throw fail("unexpected " + t);
            default:
                throw fail("unexpected " + t);
        }
    }

    /** jinja2's parse_tuple: comma-separated expressions, a tuple when a comma appears. */
    private Expr parseTuple(boolean withCondexpr, boolean explicitParens, Set<String> extraEnd) {
        List<Expr> items = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!items.isEmpty()) {
                expectOp(",");
            }
            Token t = current();
            if (t.kind() == Kind.VAR_END || t.kind() == Kind.BLOCK_END || t.isOp(")")
                    || (t.kind() == Kind.NAME && extraEnd.contains(t.value()))) {
                break;
            }
            items.add(parseExpression(withCondexpr));
            if (current().isOp(",")) {
                isTuple = true;
            } else {
                break;
            }
        }
        if (!isTuple) {
            if (items.size() == 1) {
                return items.get(0);
            }
            if (!explicitParens) {
                throw fail("Expected an expression, got " + current());
            }
        }
        return new Expr.TupleLiteral(items);
    }

    private Expr parsePostfix(Expr node) {
        while (true) {
            Token t = current();
            if (t.isOp(".")) {
                pos++;
                Token attr = next();
                if (attr.kind() == Kind.NAME) {
                    node = new Expr.GetAttr(node, attr.value());
                } else if (attr.kind() == Kind.INTEGER) {
                    node = new Expr.GetItem(node, new Expr.Const(Long.parseLong(attr.value())));
                } else {
                    throw fail("expected name or number after '.'");
                }
            } else if (t.isOp("[")) {
                pos++;
                node = new Expr.GetItem(node, parseSubscript());
            } else if (t.isOp("(")) {
                node = new Expr.Call(node, parseCallArgs());
            } else {
                return node;
            }
        }
    }

    private Expr parseSubscript() {
        List<Expr> parts = new ArrayList<>();
        while (!current().isOp("]")) {
            if (!parts.isEmpty()) {
                expectOp(",");
            }
            parts.add(parseSubscribed());
        }
        expectOp("]");
        return parts.size() == 1 ? parts.get(0) : new Expr.TupleLiteral(parts);
    }

    private Expr parseSubscribed() {
        Expr start = null;
        if (!current().isOp(":")) {
            start = parseExpression(true);
            if (!current().isOp(":")) {
                return start;
            }
        }
        expectOp(":");
        Expr stop = null;
        Expr step = null;
        if (!current().isOp("]") && !current().isOp(",") && !current().isOp(":")) {
            stop = parseExpression(true);
        }
        if (skipOp(":") && !current().isOp("]") && !current().isOp(",")) {
            step = parseExpression(true);
        }
        return new Expr.SliceLiteral(start, stop, step);
    }

    private Expr.Arguments parseCallArgs() {
        expectOp("(");
        List<Expr> positional = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        Expr starArgs = null;
        Expr starKwargs = null;
        boolean first = true;
        while (!current().isOp(")")) {
            if (!first) {
                expectOp(",");
                if (current().isOp(")")) {
                    break;
                }
            }
            first = false;
            if (skipOp("*")) {
                starArgs = parseExpression(true);
                continue;
            }
            if (skipOp("**")) {
                starKwargs = parseExpression(true);
                continue;
            }
            if (current().kind() == Kind.NAME && peek(1).isOp("=")) {
                names.add(next().value());
                pos++;
                values.add(parseExpression(true));
            } else {
                if (!names.isEmpty()) {
                    throw fail("positional argument follows keyword argument");
                }
                positional.add(parseExpression(true));
            }
        }
        expectOp(")");
        return new Expr.Arguments(positional, names, values, starArgs, starKwargs);
    }

    private Expr parseFilterExpr(Expr node) {
        while (true) {
            Token t = current();
            if (t.isOp("|")) {
                pos++;
                String name = filterName();
                Expr.Arguments args = current().isOp("(") ? parseCallArgs() : Expr.Arguments.NONE;
                node = new Expr.Filter(node, name, args);
            } else if (t.isName("is")) {
                pos++;
                boolean negated = skipName("not");
                String name = expectName();
                if (!Tests.exists(name)) {
                    unknownName("test", name);
                }
                Expr.Arguments args;
                Token a = current();
                if (a.isOp("(")) {
                    args = parseCallArgs();
                } else if ((a.kind() == Kind.NAME || a.kind() == Kind.STRING || a.kind() == Kind.INTEGER
                        || a.kind() == Kind.FLOAT || a.isOp("[") || a.isOp("{"))
                        && !a.isName("else") && !a.isName("or") && !a.isName("and")) {
                    if (a.isName("is")) {
                        throw fail("You cannot chain multiple tests with is");
                    }
                    Expr arg = parsePostfix(parsePrimary());
                    args = new Expr.Arguments(List.of(arg), List.of(), List.of());
                } else {
                    args = Expr.Arguments.NONE;
                }
                Expr test = new Expr.Test(node, name, args);
                node = negated ? new Expr.Not(test) : test;
            } else if (t.isOp("(")) {
                node = new Expr.Call(node, parseCallArgs());
            } else {
                return node;
            }
        }
    }
}
