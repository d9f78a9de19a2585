package io.smolforge.template.jinja;

import java.time.Clock;
import java.util.Map;

/** Which expressions jinja2's optimizer can fold at compile time, and their values. */
final class ConstantFolding {
    private ConstantFolding() {
    }

    static boolean isConstant(Expr e) {
        if (e instanceof Expr.Const) {
            return true;
        }
        if (e instanceof Expr.Negate n) {
            return isConstant(n.operand());
        }
        if (e instanceof Expr.Not n) {
            return isConstant(n.operand());
        }
        if (e instanceof Expr.Binary b) {
            return isConstant(b.left()) && isConstant(b.right());
        }
        if (e instanceof Expr.And a) {
            return isConstant(a.left()) && isConstant(a.right());
        }
        if (e instanceof Expr.Or o) {
            return isConstant(o.left()) && isConstant(o.right());
        }
        if (e instanceof Expr.Compare c) {
            return isConstant(c.first()) && c.operands().stream().allMatch(ConstantFolding::isConstant);
        }
        if (e instanceof Expr.ListLiteral l) {
            return l.items().stream().allMatch(ConstantFolding::isConstant);
        }
        if (e instanceof Expr.TupleLiteral t) {
            return t.items().stream().allMatch(ConstantFolding::isConstant);
        }
        if (e instanceof Expr.GetItem g) {
            return isConstant(g.target()) && isConstant(g.key());
        }
        if (e instanceof Expr.Conditional c) {
            return isConstant(c.test()) && isConstant(c.then()) && (c.otherwise() == null || isConstant(c.otherwise()));
        }
        return false;
    }

    /** The folded value, or null when the expression is not constant or evaluating it fails. */
    static Object valueOf(Expr e) {
        if (!isConstant(e)) {
            return null;
        }
        try {
            return e.eval(new Renderer(Map.of(), RenderLimits.defaults(), Clock.systemUTC()));
        } catch (JinjaError failed) {
            return null;
        }
    }

}
