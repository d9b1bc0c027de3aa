"""Lesson 2: the complete Value, written by the student (seed 001), then a network
that learns."""

from cells import Notebook, code, exercise, text

CELLS = (
    text(
        """
        # Leçon 2 — de l'expression au réseau entraîné

        La leçon 1 a construit une `Value` qui calcule ses gradients avec `backward()`. Dans
        cette leçon, vous la corrigez, vous la complétez, et vous vous en servez pour
        construire un petit réseau de neurones qui apprend. Elle suit la fin de la séance
        d'Andrej Karpathy sur micrograd
        (vidéo : https://www.youtube.com/watch?v=VMj-3S1tku0 ; code :
        https://github.com/karpathy/micrograd ; notebook original :
        https://github.com/karpathy/nn-zero-to-hero/tree/master/lectures/micrograd ; la série
        *Neural Networks: Zero to Hero* : https://karpathy.ai/zero-to-hero.html).

        1. un piège : le gradient d'une valeur utilisée deux fois, et pourquoi il faut `+=` ;
        2. les constantes, les opérateurs « à l'envers » (`2 * a`), l'exponentielle, les
           puissances, la division et la soustraction ;
        3. la tangente hyperbolique reconstruite avec `exp`, et le même neurone dans PyTorch ;
        4. `Neuron`, `Layer` et `MLP` ;
        5. votre `Value` comparée à celle de retrograd ;
        6. une fonction de perte et la boucle d'entraînement.

        Dans la version « exercices », les cellules marquées **À vous** sont à compléter ; la
        cellule qui suit chacune dit ce qui est juste et ce qui ne l'est pas encore.
        """,
        """
        # Lesson 2 — from an expression to a trained network

        Lesson 1 built a `Value` that computes its gradients with `backward()`. In this lesson
        you fix it, complete it, and use it to build a small neural network that learns. It
        follows the end of Andrej Karpathy's lecture on micrograd
        (video: https://www.youtube.com/watch?v=VMj-3S1tku0; code:
        https://github.com/karpathy/micrograd; original notebook:
        https://github.com/karpathy/nn-zero-to-hero/tree/master/lectures/micrograd; the series
        *Neural Networks: Zero to Hero*: https://karpathy.ai/zero-to-hero.html).

        1. a trap: the gradient of a value used twice, and why we need `+=`;
        2. constants, "reflected" operators (`2 * a`), the exponential, powers, division and
           subtraction;
        3. the hyperbolic tangent rebuilt from `exp`, and the same neuron in PyTorch;
        4. `Neuron`, `Layer` and `MLP`;
        5. your `Value` compared with retrograd's;
        6. a loss function and the training loop.

        In the "exercises" version, the cells marked **Your turn** are yours to complete; the
        cell after each one says what is right and what is not yet.
        """,
    ),
    code(
        """
        from retrograd.language import say, set_language

        set_language("@lang@")

        import math
        import random

        from graphviz import Digraph

        from retrograd.course import lessons

        %matplotlib inline
        """
    ),
    text(
        """
        ## Point de départ : la `Value` de la leçon 1

        Voici, d'un seul bloc, la classe écrite à la leçon 1 : `+`, `*` et `tanh` avec leurs
        fonctions `_backward`, qui **remplacent** les gradients de leurs opérandes
        (`self.grad = ...`), et `backward()`. Avec elle, `trace` et `draw_dot`.
        """,
        """
        ## Starting point: the `Value` of lesson 1

        Here, in one block, is the class written in lesson 1: `+`, `*` and `tanh` with their
        `_backward` functions, which **assign** the gradients of their operands
        (`self.grad = ...`), and `backward()`. With it, `trace` and `draw_dot`.
        """,
    ),
    code(
        """
        class Value:
            def __init__(self, data, _children=(), _op="", label=""):
                self.data = data
                self.grad = 0.0
                self._backward = lambda: None
                self._prev = tuple(_children)
                self._op = _op
                self.label = label

            def __repr__(self):
                return f"Value(data={self.data}, grad={self.grad})"

            def __add__(self, other):
                out = Value(self.data + other.data, (self, other), "+")

                def _backward():
                    self.grad = out.grad
                    other.grad = out.grad

                out._backward = _backward
                return out

            def __mul__(self, other):
                out = Value(self.data * other.data, (self, other), "*")

                def _backward():
                    self.grad = other.data * out.grad
                    other.grad = self.data * out.grad

                out._backward = _backward
                return out

            def tanh(self):
                t = (math.exp(2 * self.data) - 1) / (math.exp(2 * self.data) + 1)
                out = Value(t, (self,), "tanh")

                def _backward():
                    self.grad = (1 - t**2) * out.grad

                out._backward = _backward
                return out

            def backward(self):
                topo, visited = [], set()

                def build_topo(v):
                    if v not in visited:
                        visited.add(v)
                        for child in v._prev:
                            build_topo(child)
                        topo.append(v)

                build_topo(self)
                self.grad = 1.0
                for node in reversed(topo):
                    node._backward()


        def trace(root):
            nodes, edges = [], []

            def build(v):
                if v not in nodes:
                    nodes.append(v)
                    for child in v._prev:
                        edges.append((child, v))
                        build(child)

            build(root)
            return nodes, edges


        def draw_dot(root):
            dot = Digraph(format="svg", graph_attr={"rankdir": "TB"})
            nodes, edges = trace(root)
            name = {id(n): f"n{k}" for k, n in enumerate(nodes)}
            for n in nodes:
                dot.node(name[id(n)], label=f"{{ {n.label} | data {n.data:.4f} | grad {n.grad:.4f} }}",
                         shape="record")
                if n._op:
                    dot.node(name[id(n)] + "op", label=n._op)
                    dot.edge(name[id(n)] + "op", name[id(n)])
            for child, parent in edges:
                dot.edge(name[id(child)], name[id(parent)] + "op")
            return dot
        """
    ),
    text(
        """
        ## 1. Une valeur utilisée deux fois

        Que donne cette classe sur `b = a + a` ?
        """,
        """
        ## 1. A value used twice

        What does this class give on `b = a + a`?
        """,
    ),
    code(
        """
        a = Value(3.0, label="a")
        b = a + a; b.label = "b"
        b.backward()
        print("db/da =", a.grad)
        """
    ),
    text(
        r"""
        Faux : $b = 2a$, donc $\partial b / \partial a = 2$. L'addition a donné 1 à `a` comme
        premier opérande, puis encore 1 comme second opérande, et la deuxième affectation a
        **remplacé** la première.

        Le cours montre la même erreur sur un exemple moins visible,
        $f = (a \times b) \times (a + b)$ avec $a = -2$, $b = 3$. Les bons gradients sont
        $\partial f / \partial a = b(a+b) + ab = 3 - 6 = -3$ et
        $\partial f / \partial b = a(a+b) + ab = -2 - 6 = -8$ :
        """,
        r"""
        Wrong: $b = 2a$, so $\partial b / \partial a = 2$. The addition gave 1 to `a` as its
        first operand, then 1 again as its second operand, and the second assignment
        **replaced** the first.

        The course shows the same mistake on a less visible example,
        $f = (a \times b) \times (a + b)$ with $a = -2$, $b = 3$. The right gradients are
        $\partial f / \partial a = b(a+b) + ab = 3 - 6 = -3$ and
        $\partial f / \partial b = a(a+b) + ab = -2 - 6 = -8$:
        """,
    ),
    code(
        """
        a = Value(-2.0, label="a")
        b = Value(3.0, label="b")
        d = a * b; d.label = "d"
        e = a + b; e.label = "e"
        f = d * e; f.label = "f"
        f.backward()
        print("df/da =", a.grad, " df/db =", b.grad)
        draw_dot(f)
        """
    ),
    text(
        r"""
        `a` et `b` envoient chacun deux flèches, une vers `*` (le nœud $d$) et une vers `+`
        (le nœud $e$). Chaque chemin apporte sa part : par $d$, $e \cdot b = 3$ pour `a` et
        $e \cdot a = -2$ pour `b` ; par $e$, $d = -6$ pour chacun. Avec des affectations,
        seule la part du **dernier** `_backward` appelé reste.

        Ici, `backward()` appelle `e._backward()` puis `d._backward()` : il reste
        $(3, -2)$. Le cours affiche $(-6, -6)$, la part de $e$ : micrograd garde les
        opérandes dans un `set`, dont l'ordre dépend des adresses des objets en mémoire, et
        dans son exécution $d$ est passé avant $e$. Les deux résultats sont faux, d'une façon
        qui dépend de l'ordre de parcours. La bonne réponse ne dépend d'aucun ordre : c'est
        la **somme** des parts de tous les chemins, $3 + (-6) = -3$ et $-2 + (-6) = -8$
        (la dérivation des fonctions composées à plusieurs variables).

        ### Étape 1 : les gradients s'ajoutent

        **À vous** : réécrivez les trois opérations pour que chaque `_backward` **ajoute** sa
        part au gradient de chaque opérande (`+=`) au lieu de le remplacer. Les gradients
        partent de `0.0` et s'accumulent.
        """,
        r"""
        `a` and `b` each send two arrows, one to `*` (the node $d$) and one to `+` (the node
        $e$). Each path brings its share: through $d$, $e \cdot b = 3$ for `a` and
        $e \cdot a = -2$ for `b`; through $e$, $d = -6$ for each. With assignments, only the
        share of the **last** `_backward` called remains.

        Here, `backward()` calls `e._backward()` then `d._backward()`: $(3, -2)$ remains. The
        course shows $(-6, -6)$, the share of $e$: micrograd keeps the operands in a `set`,
        whose order depends on the objects' memory addresses, and in its run $d$ was handled
        before $e$. Both results are wrong, in a way that depends on the order of the walk.
        The right answer depends on no order: it is the **sum** of the shares of all the
        paths, $3 + (-6) = -3$ and $-2 + (-6) = -8$ (the multivariable chain rule).

        ### Step 1: gradients add up

        **Your turn**: write the three operations again so that each `_backward` **adds** its
        share to each operand's gradient (`+=`) instead of replacing it. Gradients start at
        0.0 and accumulate.
        """,
    ),
    exercise(
        """
        def __add__(self, other):
            out = Value(self.data + other.data, (self, other), "+")

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out


        def __mul__(self, other):
            out = Value(self.data * other.data, (self, other), "*")

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out


        def tanh(self):
            t = (math.exp(2 * self.data) - 1) / (math.exp(2 * self.data) + 1)
            out = Value(t, (self,), "tanh")

            def _backward():
                self.grad += (1 - t**2) * out.grad

            out._backward = _backward
            return out


        Value.__add__ = __add__
        Value.__mul__ = __mul__
        Value.tanh = tanh
        """,
        """
        def __add__(self, other):
            out = Value(self.data + other.data, (self, other), "+")

            def _backward():
                raise NotImplementedError

            out._backward = _backward
            return out


        def __mul__(self, other):
            out = Value(self.data * other.data, (self, other), "*")

            def _backward():
                raise NotImplementedError

            out._backward = _backward
            return out


        def tanh(self):
            t = (math.exp(2 * self.data) - 1) / (math.exp(2 * self.data) + 1)
            out = Value(t, (self,), "tanh")

            def _backward():
                raise NotImplementedError

            out._backward = _backward
            return out


        Value.__add__ = __add__
        Value.__mul__ = __mul__
        Value.tanh = tanh
        """,
    ),
    code(
        """
        lessons.check_accumulation(Value)
        """
    ),
    code(
        """
        a = Value(3.0, label="a")
        b = a + a; b.label = "b"
        b.backward()
        print("db/da =", a.grad)

        a = Value(-2.0, label="a")
        b = Value(3.0, label="b")
        d = a * b; d.label = "d"
        e = a + b; e.label = "e"
        f = d * e; f.label = "f"
        f.backward()
        print("df/da =", a.grad, " df/db =", b.grad)
        draw_dot(f)
        """
    ),
    text(
        """
        Conséquence pratique : les gradients s'ajoutent aussi d'un appel de `backward()` à
        l'autre. Avant chaque nouvelle passe arrière, il faudra les remettre à zéro
        (partie 6).

        ## 2. Constantes, opérateurs à l'envers et nouvelles opérations

        Écrire `a + 1` demande à `a.__add__` d'accepter un simple nombre : on le place
        dans une `Value` (`Value(1)`), une feuille constante. Pour `1 + a`, Python essaie
        d'abord `int.__add__(1, a)`, qui ne connaît pas les `Value` ; il appelle alors la
        méthode **réfléchie** de l'opérande de droite, `a.__radd__(1)`. De même `__rmul__`
        pour `2 * a`. Sans méthode réfléchie, Python lève une `TypeError` ; une classe minuscule qui n'a
        que `__mul__` le montre :
        """,
        """
        A practical consequence: gradients also add up from one call of `backward()` to the
        next. Before every new backward pass we will have to reset them to zero (part 6).

        ## 2. Constants, reflected operators and new operations

        Writing `a + 1` asks `a.__add__` to accept a plain number: we wrap it in a `Value`
        (`Value(1)`), a constant leaf. For `1 + a`, Python first tries `int.__add__(1, a)`,
        which knows nothing about `Value`s; it then calls the **reflected** method of the
        right operand, `a.__radd__(1)`. Likewise `__rmul__` for `2 * a`. Without a reflected
        method, Python gives up; a tiny class with only `__mul__` shows it:
        """,
    ),
    code(
        """
        class OnlyMul:
            def __init__(self, data):
                self.data = data

            def __mul__(self, other):
                return OnlyMul(self.data * other)

        print((OnlyMul(2.0) * 3).data)
        try:
            3 * OnlyMul(2.0)
        except TypeError as error:
            print("TypeError:", error)
        """
    ),
    text(
        r"""
        Chaque nouvelle opération apporte sa dérivée locale :

        | opération | dérivée locale |
        | --- | --- |
        | $e^x$ (`x.exp()`, opération `"exp"`) | $e^x$ |
        | $x^k$ (`x ** k`, $k$ un nombre, opération `f"**{k}"`) | $k\,x^{k-1}$ |

        La négation, la soustraction et la division n'ont pas besoin d'un `_backward` propre :
        elles se ramènent aux opérations déjà connues, $-a = a \times (-1)$,
        $a - b = a + (-b)$ et $a / b = a \times b^{-1}$.

        ### Étape 2 : la `Value` complète

        **À vous** : écrivez `__add__` et `__mul__` qui acceptent aussi un nombre, les
        méthodes réfléchies `__radd__` et `__rmul__`, puis `__pow__` (pour un exposant qui est
        un nombre), `exp`, `__neg__`, `__sub__` et `__truediv__`, chacune avec sa fonction
        `_backward` (`+=`) quand elle crée un nœud.
        """,
        r"""
        Every new operation brings its local derivative:

        | operation | local derivative |
        | --- | --- |
        | $e^x$ (`x.exp()`, operation `"exp"`) | $e^x$ |
        | $x^k$ (`x ** k`, $k$ a number, operation `f"**{k}"`) | $k\,x^{k-1}$ |

        Negation, subtraction and division need no `_backward` of their own: they reduce to
        operations we already have, $-a = a \times (-1)$, $a - b = a + (-b)$ and
        $a / b = a \times b^{-1}$.

        ### Step 2: the complete `Value`

        **Your turn**: write `__add__` and `__mul__` that also accept a number, the reflected
        methods `__radd__` and `__rmul__`, then `__pow__` (for an exponent that is a number),
        `exp`, `__neg__`, `__sub__` and `__truediv__`, each with its `_backward` function
        (`+=`) when it creates a node.
        """,
    ),
    exercise(
        """
        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other), "+")

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out


        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other), "*")

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out


        def __radd__(self, other):
            return self + other


        def __rmul__(self, other):
            return self * other


        def __pow__(self, k):
            out = Value(self.data**k, (self,), f"**{k}")

            def _backward():
                self.grad += k * self.data ** (k - 1) * out.grad

            out._backward = _backward
            return out


        def exp(self):
            out = Value(math.exp(self.data), (self,), "exp")

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out


        def __neg__(self):
            return self * -1


        def __sub__(self, other):
            return self + (-other)


        def __truediv__(self, other):
            return self * other**-1


        for method in (__add__, __mul__, __radd__, __rmul__, __pow__, exp, __neg__, __sub__,
                       __truediv__):
            setattr(Value, method.__name__, method)
        """,
        """
        def __add__(self, other):
            raise NotImplementedError


        def __mul__(self, other):
            raise NotImplementedError


        def __radd__(self, other):
            raise NotImplementedError


        def __rmul__(self, other):
            raise NotImplementedError


        def __pow__(self, k):
            raise NotImplementedError


        def exp(self):
            raise NotImplementedError


        def __neg__(self):
            raise NotImplementedError


        def __sub__(self, other):
            raise NotImplementedError


        def __truediv__(self, other):
            raise NotImplementedError


        for method in (__add__, __mul__, __radd__, __rmul__, __pow__, exp, __neg__, __sub__,
                       __truediv__):
            setattr(Value, method.__name__, method)
        """,
    ),
    code(
        """
        lessons.check_operations(Value)
        """
    ),
    text(
        """
        Une division, dessinée : $q = a / b$ devient $a \\times b^{-1}$, et `backward()` en
        tire $\\partial q / \\partial a = 1/b$ et $\\partial q / \\partial b = -a/b^2$.
        """,
        """
        A division, drawn: $q = a / b$ becomes $a \\times b^{-1}$, and `backward()` gets from
        it $\\partial q / \\partial a = 1/b$ and $\\partial q / \\partial b = -a/b^2$.
        """,
    ),
    code(
        """
        a = Value(2.0, label="a")
        b = Value(4.0, label="b")
        print(a + 1, 1 + a, 3 * a, a - b)
        print("exp(a) =", a.exp().data, "  a**3 =", (a**3).data, "  a/b =", (a / b).data)

        q = a / b; q.label = "q"
        q.backward()
        print("dq/da = 1/b =", a.grad, "  dq/db = -a/b**2 =", b.grad)
        draw_dot(q)
        """
    ),
    text(
        r"""
        ## 3. `tanh` reconstruite avec `exp`

        Reprenons le neurone de la leçon 1 ($x_1 = 2$, $x_2 = 0$, $w_1 = -3$, $w_2 = 1$,
        $b = 6{,}8813735870195432$). D'abord avec l'opération `tanh`, d'un seul bloc :
        """,
        r"""
        ## 3. `tanh` rebuilt from `exp`

        Back to the neuron of lesson 1 ($x_1 = 2$, $x_2 = 0$, $w_1 = -3$, $w_2 = 1$,
        $b = 6.8813735870195432$). First with the `tanh` operation, in one block:
        """,
    ),
    code(
        """
        def neuron_inputs():
            return (Value(2.0, label="x1"), Value(0.0, label="x2"),
                    Value(-3.0, label="w1"), Value(1.0, label="w2"),
                    Value(6.8813735870195432, label="b"))

        x1, x2, w1, w2, b = neuron_inputs()
        n = x1 * w1 + x2 * w2 + b; n.label = "n"
        o = n.tanh(); o.label = "o"
        o.backward()
        print("o =", o.data)
        print("x1:", x1.grad, " w1:", w1.grad, " x2:", x2.grad, " w2:", w2.grad)
        """
    ),
    text(
        r"""
        Puis avec la formule $\tanh n = \dfrac{e^{2n} - 1}{e^{2n} + 1}$, écrite avec les
        opérations de la partie 2. Le graphe est plus long, mais `backward()` le parcourt de
        la même façon :
        """,
        r"""
        Then with the formula $\tanh n = \dfrac{e^{2n} - 1}{e^{2n} + 1}$, written with the
        operations of part 2. The graph is longer, but `backward()` walks it the same way:
        """,
    ),
    code(
        """
        x1, x2, w1, w2, b = neuron_inputs()
        n = x1 * w1 + x2 * w2 + b; n.label = "n"
        e = (2 * n).exp(); e.label = "e"
        o = (e - 1) / (e + 1); o.label = "o"
        o.backward()
        print("o =", o.data)
        print("x1:", x1.grad, " w1:", w1.grad, " x2:", x2.grad, " w2:", w2.grad)
        draw_dot(o)
        """
    ),
    text(
        """
        Mêmes gradients, aux arrondis près (le dernier chiffre peut différer : les deux
        calculs n'arrondissent pas aux mêmes endroits). Le niveau de détail d'une opération
        est un choix : ce qui compte, c'est de savoir calculer sa dérivée locale.

        ### Le même neurone dans PyTorch

        PyTorch fait la même chose sur des **tenseurs** (des tableaux de nombres) :
        `requires_grad=True` lui demande de garder le graphe, et `.backward()` remplit
        `.grad`. Nous travaillons en `float64`, la précision des nombres Python. Si PyTorch
        n'est pas installé, la cellule dit comment l'installer.
        """,
        """
        The same gradients, up to rounding (the last digit may differ: the two computations do
        not round at the same places). How detailed an operation is, is a choice: what matters
        is knowing its local derivative.

        ### The same neuron in PyTorch

        PyTorch does the same on **tensors** (arrays of numbers): `requires_grad=True` asks it
        to keep the graph, and `.backward()` fills `.grad`. We work in `float64`, the
        precision of Python's numbers. If PyTorch is not installed, the cell says how to
        install it.
        """,
    ),
    code(
        """
        try:
            import torch
        except ImportError:
            torch = None
            print(say(fr="PyTorch n'est pas installé ; pour cette partie : pip install torch",
                      en="PyTorch is not installed; to run this part: pip install torch"))

        if torch is not None:
            def leaf(x):
                return torch.tensor([x], dtype=torch.float64, requires_grad=True)

            tx1, tx2, tw1, tw2 = leaf(2.0), leaf(0.0), leaf(-3.0), leaf(1.0)
            tb = leaf(6.8813735870195432)
            to = torch.tanh(tx1 * tw1 + tx2 * tw2 + tb)
            to.backward()
            print("o =", to.item())
            print("x1:", tx1.grad.item(), " w1:", tw1.grad.item(),
                  " x2:", tx2.grad.item(), " w2:", tw2.grad.item())
        """
    ),
    text(
        """
        Les mêmes nombres, au dernier chiffre près (PyTorch calcule `tanh` à sa façon).
        Attention à un piège courant : `torch.Tensor([...])` crée d'abord
        un tenseur en `float32` (7 chiffres significatifs environ) ; le convertir ensuite avec
        `.double()` ne rend pas les chiffres perdus. Le biais devient 6,881373405456543 au lieu
        de 6,8813735870195432, et la sortie s'éloigne de $1/\\sqrt 2$ dès la septième décimale :
        """,
        """
        The same numbers, up to the last digit (PyTorch computes `tanh` its own way).
        Beware of a common trap: `torch.Tensor([...])` first creates a
        `float32` tensor (about 7 significant digits); converting it afterwards with
        `.double()` does not bring back the lost digits. The bias becomes 6.881373405456543
        instead of 6.8813735870195432, and the output leaves $1/\\sqrt 2$ at the seventh
        decimal:
        """,
    ),
    code(
        """
        if torch is not None:
            rounded = torch.Tensor([6.8813735870195432]).double()
            print(say(fr="biais passé par float32 :", en="bias through float32:"), rounded.item())
            print("o =", torch.tanh(2.0 * -3.0 + 0.0 * 1.0 + rounded).item())
        """
    ),
    text(
        r"""
        ## 4. Neurones, couches, réseau

        ### Un neurone

        Un neurone à `nin` entrées a `nin` poids et un biais. Comme dans le cours, poids et
        biais sont tirés au hasard, uniformément entre -1 et 1. Appelé sur des entrées $x$,
        le neurone renvoie $\tanh\left(\sum_i w_i x_i + b\right)$. Le dessin ci-dessous est
        celui d'un neurone à trois entrées.
        """,
        r"""
        ## 4. Neurons, layers, network

        ### A neuron

        A neuron with `nin` inputs has `nin` weights and a bias. As in the course, weights
        and bias are drawn at random, uniformly between -1 and 1. Called on inputs $x$, the
        neuron returns $\tanh\left(\sum_i w_i x_i + b\right)$. The drawing below is that of a
        neuron with three inputs.
        """,
    ),
    code(
        """
        picture = Digraph(graph_attr={"rankdir": "LR"}, node_attr={"shape": "circle"})
        for i in range(3):
            picture.node(f"x{i}", f"x{i}", shape="plaintext")
            picture.edge(f"x{i}", "sum", label=f"× w{i}")
        picture.node("b", "b", shape="plaintext")
        picture.edge("b", "sum", label="+")
        picture.node("sum", "Σ")
        picture.node("act", "tanh")
        picture.node("out", say(fr="sortie", en="output"), shape="plaintext")
        picture.edge("sum", "act")
        picture.edge("act", "out")
        picture
        """
    ),
    text(
        """
        Une **couche** est une liste de neurones qui lisent tous les mêmes entrées. Un
        **perceptron multicouche** (MLP) enchaîne des couches : les sorties de l'une sont les
        entrées de la suivante. `MLP(3, [4, 4, 1])` a 3 entrées, deux couches cachées de 4
        neurones et un neurone de sortie ; chaque flèche du dessin porte un poids :
        """,
        """
        A **layer** is a list of neurons that all read the same inputs. A **multi-layer
        perceptron** (MLP) chains layers: the outputs of one are the inputs of the next.
        `MLP(3, [4, 4, 1])` has 3 inputs, two hidden layers of 4 neurons and one output
        neuron; every arrow of the drawing carries a weight:
        """,
    ),
    code(
        """
        sizes = [3, 4, 4, 1]
        names = [say(fr="entrées", en="inputs"), say(fr="couche cachée 1", en="hidden layer 1"),
                 say(fr="couche cachée 2", en="hidden layer 2"), say(fr="sortie", en="output")]
        network = Digraph(graph_attr={"rankdir": "LR", "nodesep": "0.15", "ranksep": "1.1"},
                          node_attr={"shape": "circle", "label": "", "width": "0.35"})
        for k, (size, name) in enumerate(zip(sizes, names)):
            with network.subgraph(name=f"cluster_{k}") as column:
                column.attr(label=name, color="white")
                for i in range(size):
                    column.node(f"{k}_{i}")
        for k in range(len(sizes) - 1):
            for i in range(sizes[k]):
                for j in range(sizes[k + 1]):
                    network.edge(f"{k}_{i}", f"{k + 1}_{j}", arrowsize="0.4")
        network
        """
    ),
    text(
        """
        ### Étape 3 : `Neuron`, `Layer` et `MLP`

        **À vous** : écrivez `__call__` et `parameters` des trois classes.
        - `Neuron.__call__(x)` renvoie $\\tanh(\\sum_i w_i x_i + b)$, calculé avec des `Value` ;
          `Neuron.parameters()` renvoie la liste des poids suivie du biais.
        - `Layer.__call__(x)` renvoie la liste des sorties de ses neurones (la sortie seule
          s'il n'y en a qu'un) ; `Layer.parameters()` ceux de tous ses neurones.
        - `MLP.__call__(x)` passe `x` dans chaque couche, l'une après l'autre ;
          `MLP.parameters()` ceux de toutes ses couches.
        """,
        """
        ### Step 3: `Neuron`, `Layer` and `MLP`

        **Your turn**: write `__call__` and `parameters` of the three classes.
        - `Neuron.__call__(x)` returns $\\tanh(\\sum_i w_i x_i + b)$, computed with `Value`s;
          `Neuron.parameters()` returns the list of the weights followed by the bias.
        - `Layer.__call__(x)` returns the list of its neurons' outputs (the output alone if
          there is only one); `Layer.parameters()` those of all its neurons.
        - `MLP.__call__(x)` passes `x` through every layer, one after the other;
          `MLP.parameters()` those of all its layers.
        """,
    ),
    exercise(
        """
        class Neuron:
            def __init__(self, nin):
                self.w = [Value(random.uniform(-1, 1), label=f"w{i}") for i in range(nin)]
                self.b = Value(random.uniform(-1, 1), label="b")

            def __call__(self, x):
                act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
                return act.tanh()

            def parameters(self):
                return self.w + [self.b]


        class Layer:
            def __init__(self, nin, nout):
                self.neurons = [Neuron(nin) for _ in range(nout)]

            def __call__(self, x):
                outs = [neuron(x) for neuron in self.neurons]
                return outs[0] if len(outs) == 1 else outs

            def parameters(self):
                return [p for neuron in self.neurons for p in neuron.parameters()]


        class MLP:
            def __init__(self, nin, nouts):
                sizes = [nin] + nouts
                self.layers = [Layer(sizes[i], sizes[i + 1]) for i in range(len(nouts))]

            def __call__(self, x):
                for layer in self.layers:
                    x = layer(x)
                return x

            def parameters(self):
                return [p for layer in self.layers for p in layer.parameters()]
        """,
        """
        class Neuron:
            def __init__(self, nin):
                self.w = [Value(random.uniform(-1, 1), label=f"w{i}") for i in range(nin)]
                self.b = Value(random.uniform(-1, 1), label="b")

            def __call__(self, x):
                raise NotImplementedError

            def parameters(self):
                raise NotImplementedError


        class Layer:
            def __init__(self, nin, nout):
                self.neurons = [Neuron(nin) for _ in range(nout)]

            def __call__(self, x):
                raise NotImplementedError

            def parameters(self):
                raise NotImplementedError


        class MLP:
            def __init__(self, nin, nouts):
                sizes = [nin] + nouts
                self.layers = [Layer(sizes[i], sizes[i + 1]) for i in range(len(nouts))]

            def __call__(self, x):
                raise NotImplementedError

            def parameters(self):
                raise NotImplementedError
        """,
    ),
    code(
        """
        lessons.check_network(Neuron, Layer, MLP)
        """
    ),
    text(
        """
        Le neurone du cours a cinq entrées. Son graphe complet est large : nous en dessinons
        un à deux entrées, qui montre la même structure (les produits $w_i x_i$ ajoutés un à
        un au biais, puis $\\tanh$).
        """,
        """
        The course's neuron has five inputs. Its full graph is wide: we draw one with two
        inputs, which shows the same structure (the products $w_i x_i$ added one by one to
        the bias, then $\\tanh$).
        """,
    ),
    code(
        """
        random.seed(1)
        neuron = Neuron(5)
        print(neuron([0.2, 0.2, 0.3, 0.4, 0.5]))
        print(neuron.parameters())

        small = Neuron(2)
        out = small([0.2, 0.3]); out.label = "out"
        draw_dot(out)
        """
    ),
    code(
        """
        layer = Layer(2, 3)
        print(layer([0.2, 0.3]))
        print(len(layer.parameters()), say(fr="paramètres", en="parameters"))

        net = MLP(3, [4, 4, 1])
        print(net([2.0, 3.0, -1.0]))
        print(len(net.parameters()), say(fr="paramètres", en="parameters"))
        """
    ),
    text(
        """
        ## 5. Votre `Value` et celle de retrograd

        La cellule suivante compare votre `Value` à `retrograd.Value` sur douze expressions :
        les deux exemples de la partie 1 (où une valeur sert deux fois), le neurone, et
        chacune des opérations de la partie 2. Elle vérifie les mêmes nombres, les mêmes
        gradients après `backward()` et le même graphe. La suite de ce notebook se sert de
        retrograd.
        """,
        """
        ## 5. Your `Value` and retrograd's

        The next cell compares your `Value` with `retrograd.Value` on twelve expressions: the
        two examples of part 1 (where a value is used twice), the neuron, and each operation
        of part 2. It checks the same numbers, the same gradients after `backward()` and the
        same graph. The rest of this notebook uses retrograd.
        """,
    ),
    code(
        """
        lessons.compare_with_retrograd(Value, lesson=2)
        """
    ),
    text(
        """
        `retrograd.nn` a les mêmes classes, avec quelques réglages en plus : le choix de
        l'activation (ReLU par défaut, comme micrograd, dont la dernière couche est linéaire),
        des noms pour les paramètres et des messages clairs en cas d'erreur. Comme
        micrograd, il initialise les biais à 0 (le cours les tire au hasard) ; les poids
        sont tirés dans le même ordre. Prenons `tanh` partout :
        """,
        """
        `retrograd.nn` has the same classes, with a few more settings: the choice of
        activation (ReLU by default, as in micrograd, whose last layer is linear), names for
        the parameters and clear error messages. Like micrograd, it starts biases at 0 (the
        course draws them at random); the weights are drawn in the same order. Let us take
        `tanh` everywhere:
        """,
    ),
    code(
        """
        from retrograd import nn

        random.seed(3)
        model = nn.MLP(3, [4, 4, 1], activation="tanh", output_activation="tanh")
        print(model)
        print(len(model.parameters()), say(fr="paramètres ; sortie :", en="parameters; output:"),
              model([2.0, 3.0, -1.0]).data)
        """
    ),
    text(
        """
        Le graphe complet de ce réseau compte 126 nœuds : il est difficile à lire. `draw_collapsed`
        le résume avec une boîte par couche (`level="layer"`), de haut en bas : chaque ligne
        d'une boîte est un neurone, avec la valeur de sa sortie et, après `backward()`, la
        dérivée de la sortie du réseau par rapport à elle :
        """,
        """
        The full graph of this network has 126 nodes, hard to read. `draw_collapsed` sums it
        up with one box per layer (`level="layer"`), from top to bottom: each row of a box is
        a neuron, with the value of its output and, after `backward()`, the derivative of the
        network's output with respect to it:
        """,
    ),
    code(
        """
        from retrograd.graph import draw_collapsed

        out = model([2.0, 3.0, -1.0])
        out.backward()
        draw_collapsed(out, model, level="layer", rankdir="TB")
        """
    ),
    text(
        r"""
        ## 6. Apprendre

        ### Les données et la perte

        Quatre exemples de trois nombres chacun, et la sortie attendue pour chacun : 1, -1, -1, 1.
        La **perte** mesure l'écart entre les prédictions et ces cibles ; ici, la somme des
        carrés des erreurs, $\sum_k (\hat y_k - y_k)^2$. Elle vaut 0 seulement si toutes les
        prédictions sont exactes.
        """,
        r"""
        ## 6. Learning

        ### The data and the loss

        Four examples of three numbers each, and the wanted output for each: 1, -1, -1, 1.
        The **loss** measures how far the predictions are from these targets; here, the sum of
        the squared errors, $\sum_k (\hat y_k - y_k)^2$. It is 0 only when every prediction is
        exact.
        """,
    ),
    code(
        """
        xs = [
            [2.0, 3.0, -1.0],
            [3.0, -1.0, 0.5],
            [0.5, 1.0, 1.0],
            [1.0, 1.0, -1.0],
        ]
        ys = [1.0, -1.0, -1.0, 1.0]

        ypred = [model(x) for x in xs]
        errors = [(yout - target) ** 2 for yout, target in zip(ypred, ys)]
        loss = sum(errors)
        print(say(fr="prédictions :", en="predictions:"), [round(yout.data, 4) for yout in ypred])
        print(say(fr="carrés des erreurs :", en="squared errors:"),
              [round(err.data, 4) for err in errors])
        print(say(fr="perte :", en="loss:"), loss.data)
        """
    ),
    text(
        """
        ### Un pas de descente de gradient

        `loss.backward()` donne le gradient de la perte par rapport à **chacun** des 41
        paramètres. Le gradient indique le sens qui fait monter la perte : on déplace donc
        chaque paramètre dans le sens opposé, d'un pas égal au **taux d'apprentissage**
        (0,1) multiplié par son gradient. On remet d'abord les gradients à zéro, sinon ils
        s'ajouteraient à ceux de la passe précédente (partie 1).
        """,
        """
        ### One step of gradient descent

        `loss.backward()` gives the gradient of the loss with respect to **each** of the 41
        parameters. The gradient points in the direction that raises the loss, so we move
        every parameter the opposite way, by a step equal to the **learning rate** (0.1)
        times its gradient. We first reset the gradients to zero, or they would add up with
        those of the previous pass (part 1).
        """,
    ),
    code(
        """
        def training_step(learning_rate=0.1):
            ypred = [model(x) for x in xs]
            loss = sum((yout - target) ** 2 for yout, target in zip(ypred, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= learning_rate * p.grad
            return loss.data

        print(say(fr="perte avant le pas :", en="loss before the step:"), training_step())
        print(say(fr="perte après le pas :", en="loss after the step: "),
              sum((model(x) - target) ** 2 for x, target in zip(xs, ys)).data)
        """
    ),
    text(
        """
        ### La boucle d'entraînement

        Apprendre, c'est répéter ce pas : passe avant, perte, remise à zéro, passe arrière,
        mise à jour. Cinquante pas suffisent ici :
        """,
        """
        ### The training loop

        Learning is repeating that step: forward pass, loss, reset, backward pass, update.
        Fifty steps are enough here:
        """,
    ),
    code(
        """
        history = {"loss": []}
        step_word, loss_word = say(fr="pas", en="step"), say(fr="perte", en="loss")
        for step in range(50):
            history["loss"].append(training_step())
            if step % 10 == 0 or step == 49:
                print(f"{step_word} {step:2d}: {loss_word} {history['loss'][-1]:.6f}")

        print(say(fr="prédictions :", en="predictions:"), [round(model(x).data, 4) for x in xs])
        """
    ),
    code(
        """
        from retrograd.plot import plot_training

        plot_training(history)
        """
    ),
    text(
        """
        La perte descend vite puis s'aplatit, et les prédictions s'approchent de 1, -1, -1, 1.

        ## À retenir

        - Une valeur utilisée plusieurs fois reçoit la **somme** des gradients de ses chemins :
          les gradients s'accumulent (`+=`), il faut donc les remettre à zéro avant chaque
          passe arrière.
        - Toute opération dont on connaît la dérivée locale peut entrer dans le graphe ; les
          autres se construisent à partir d'elles.
        - PyTorch calcule les mêmes gradients, sur des tenseurs.
        - Entraîner un réseau : passe avant, perte, remise à zéro, `backward()`, un petit pas dans le sens
          opposé au gradient, et recommencer.
        """,
        """
        The loss falls fast, then flattens, and the predictions approach 1, -1, -1, 1.

        ## Key points

        - A value used several times receives the **sum** of the gradients of its paths:
          gradients accumulate (`+=`), so they must be reset before every backward pass.
        - Any operation whose local derivative we know can join the graph; the others are
          built from those.
        - PyTorch computes the same gradients, on tensors.
        - Training a network: forward pass, loss, zero, `backward()`, a small step against the
          gradient, and again.
        """,
    ),
)

NOTEBOOK = Notebook(2, "de_l_expression_au_reseau", "expression_to_network", CELLS)
