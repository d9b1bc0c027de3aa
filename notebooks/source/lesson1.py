"""Lesson 1: from the slope of a function to backpropagation, writing micrograd's
``Value`` class cell by cell (seeds 000 and 002)."""

from cells import Notebook, code, exercise, text

CELLS = (
    text(
        """
        # Leçon 1 — des dérivées à la rétropropagation

        Un réseau de neurones apprend en corrigeant ses paramètres dans le sens qui fait
        baisser son erreur. Pour savoir quel sens prendre, il faut la **dérivée** de
        l'erreur par rapport à chaque paramètre. Dans cette leçon, vous écrivez vous-même,
        cellule après cellule, l'outil qui calcule toutes ces dérivées d'un coup : la
        **rétropropagation du gradient**.

        La leçon suit la première séance du cours d'Andrej Karpathy, *The spelled-out intro to
        neural networks and backpropagation: building micrograd* :

        - la vidéo : https://www.youtube.com/watch?v=VMj-3S1tku0
        - micrograd sur GitHub : https://github.com/karpathy/micrograd
        - le notebook original : https://github.com/karpathy/nn-zero-to-hero/tree/master/lectures/micrograd
        - les exercices qui accompagnent la vidéo : https://colab.research.google.com/drive/1FPTx1RXtBfc4MaTkf7viZZD4U2F9gtKN?usp=sharing
        - la série complète, *Neural Networks: Zero to Hero* : https://karpathy.ai/zero-to-hero.html

        Le plan :

        1. la pente d'une fonction, mesurée avec des nombres ;
        2. les dérivées partielles d'une expression à trois entrées ;
        3. une classe `Value` qui se souvient de la façon dont elle a été calculée, et le
           dessin de son graphe ;
        4. la rétropropagation faite à la main, puis vérifiée avec des nombres ;
        5. la tangente hyperbolique, la fonction d'activation d'un neurone ;
        6. les fonctions `_backward`, puis la rétropropagation automatique, `backward()` ;
        7. votre `Value` comparée à celle de la bibliothèque **retrograd**.

        Dans la version « exercices » de ce notebook, les cellules marquées **À vous** sont à
        compléter ; la cellule qui suit chacune dit ce qui est juste et ce qui ne l'est pas
        encore.
        """,
        """
        # Lesson 1 — from derivatives to backpropagation

        A neural network learns by nudging its parameters in the direction that lowers its
        error. To know which direction that is, we need the **derivative** of the error with
        respect to every parameter. In this lesson you write yourself, cell after cell, the
        tool that computes all of these derivatives at once: **backpropagation**.

        The lesson follows the first lecture of Andrej Karpathy's course, *The spelled-out
        intro to neural networks and backpropagation: building micrograd*:

        - the video: https://www.youtube.com/watch?v=VMj-3S1tku0
        - micrograd on GitHub: https://github.com/karpathy/micrograd
        - the original notebook: https://github.com/karpathy/nn-zero-to-hero/tree/master/lectures/micrograd
        - the exercises that go with the video: https://colab.research.google.com/drive/1FPTx1RXtBfc4MaTkf7viZZD4U2F9gtKN?usp=sharing
        - the whole series, *Neural Networks: Zero to Hero*: https://karpathy.ai/zero-to-hero.html

        The plan:

        1. the slope of a function, measured with numbers;
        2. the partial derivatives of an expression with three inputs;
        3. a `Value` class that remembers how it was computed, and a drawing of its graph;
        4. backpropagation by hand, then checked with numbers;
        5. the hyperbolic tangent, the activation function of a neuron;
        6. the `_backward` functions, then automatic backpropagation, `backward()`;
        7. your `Value` compared with the one of the **retrograd** library.

        In the "exercises" version of this notebook, the cells marked **Your turn** are yours
        to complete; the cell after each one says what is right and what is not yet.
        """,
    ),
    code(
        """
        from retrograd.language import say, set_language

        set_language("@lang@")

        import math

        import matplotlib.pyplot as plt
        import numpy as np
        from graphviz import Digraph

        from retrograd.course import lessons

        %matplotlib inline
        """
    ),
    text(
        """
        ## 1. La pente d'une fonction

        Prenons une fonction d'une variable, une parabole :
        $f(x) = 3x^2 - 4x + 5$.
        """,
        """
        ## 1. The slope of a function

        Take a function of one variable, a parabola:
        $f(x) = 3x^2 - 4x + 5$.
        """,
    ),
    code(
        """
        def f(x):
            return 3 * x**2 - 4 * x + 5

        f(3.0)
        """
    ),
    text(
        """
        Calculons-la sur une grille de points entre -5 et 5 (pas de 0,25) : numpy applique
        la même formule à tout le tableau d'un coup.
        """,
        """
        Let us evaluate it on a grid of points from -5 to 5 (step 0.25): numpy applies the
        same formula to the whole array at once.
        """,
    ),
    code(
        """
        xs = np.arange(-5, 5, 0.25)
        ys = f(xs)
        print(say(fr=f"{len(xs)} points ; f(-5) = {ys[0]} ; f(4.75) = {ys[-1]}",
                  en=f"{len(xs)} points; f(-5) = {ys[0]}; f(4.75) = {ys[-1]}"))

        plt.plot(xs, ys)
        plt.xlabel("x")
        plt.ylabel("f(x)")
        plt.grid(True)
        plt.show()
        """
    ),
    text(
        r"""
        ### La dérivée comme taux d'accroissement

        Que devient $f(x)$ quand on augmente légèrement $x$ de $h$ ? Le rapport

        $$\frac{f(x+h) - f(x)}{h}$$

        est la pente de la droite qui passe par les points de la courbe d'abscisses $x$ et
        $x + h$ ; quand $h$ tend vers 0, c'est
        la **dérivée** $f'(x)$, la pente de la tangente. `retrograd.check.slope` calcule ce
        rapport (avec $h = 10^{-8}$) et, avec `verbose=True`, montre chaque étape.
        """,
        r"""
        ### The derivative as a rate of change

        What happens to $f(x)$ when we push $x$ by a tiny step $h$? The ratio

        $$\frac{f(x+h) - f(x)}{h}$$

        is the slope of the line through the two points; as $h$ goes to 0 it becomes the
        **derivative** $f'(x)$, the slope of the tangent. `retrograd.check.slope` computes this
        ratio (with $h = 10^{-8}$) and, with `verbose=True`, shows every step.
        """,
    ),
    code(
        """
        from retrograd.check import slope

        slope(f, 3.0, h=1e-8, verbose=True)
        """
    ),
    text(
        r"""
        La pente vaut environ 14 en $x = 3$ : la formule exacte $f'(x) = 6x - 4$ donne 14.
        Le reste, $0{,}00000009$, vient de $h$ qui n'est pas nul et des arrondis des nombres à
        virgule flottante. À gauche du creux, la fonction descend : la pente est négative.
        """,
        r"""
        The slope is about 14 at $x = 3$: the exact formula $f'(x) = 6x - 4$ gives 14. The
        remaining $0.00000009$ comes from $h$ not being zero and from floating-point rounding.
        Left of the dip the function goes down: the slope is negative.
        """,
    ),
    code(
        """
        slope(f, -3.0, h=1e-8, verbose=True)
        """
    ),
    text(
        r"""
        Au fond de la parabole, en $x = 2/3$, la tangente est horizontale : la dérivée
        $6x - 4$ y est nulle. Augmenter $x$ de $h$ ne change alors $f(x)$ que de
        $f(x+h) - f(x) = 3h^2$, soit $3 \times 10^{-16}$ pour $h = 10^{-8}$. C'est moins que
        l'écart entre deux nombres à virgule flottante voisins de $11/3$ (environ
        $4 \times 10^{-16}$) : après les arrondis de chaque opération, les deux calculs
        donnent le même nombre. Le `0.0` affiché vient de ces arrondis ; la vraie différence
        n'est pas nulle.
        """,
        r"""
        At the bottom of the parabola, $x = 2/3$, the tangent is flat: the derivative
        $6x - 4$ is zero there. Increasing $x$ by $h$ then changes $f(x)$ by only
        $f(x+h) - f(x) = 3h^2$, that is $3 \times 10^{-16}$ for $h = 10^{-8}$. That is less
        than the gap between two neighbouring floating-point numbers near $11/3$ (about
        $4 \times 10^{-16}$): after each operation is rounded, both computations give the same
        number. The 0.0 printed comes from that rounding; the true difference is not zero.
        """,
    ),
    code(
        """
        slope(f, 2 / 3, h=1e-8, verbose=True)
        """
    ),
    text(
        """
        Voici la parabole avec sa tangente en $x = 3$ : une droite de pente 14 qui touche la
        courbe au point $(3\\,;\\,20)$.
        """,
        """
        Here is the parabola with its tangent at $x = 3$: a line of slope 14 touching the
        curve at the point $(3, 20)$.
        """,
    ),
    code(
        """
        from retrograd.plot import plot_tangent

        plot_tangent(f, 3.0, xs=xs)
        """
    ),
    text(
        r"""
        ## 2. Une expression à plusieurs entrées

        Avec trois entrées, $d = a \times b + c$, chaque entrée a sa propre dérivée
        (une **dérivée partielle**) : on augmente légèrement une entrée et on garde les
        autres fixes.
        En $a = 2$, $b = -3$, $c = 10$ :
        """,
        r"""
        ## 2. An expression with several inputs

        With three inputs, $d = a \times b + c$, each input has its own derivative (a
        **partial derivative**): we push one input and keep the others fixed. At $a = 2$,
        $b = -3$, $c = 10$:
        """,
    ),
    code(
        """
        def d_of(a, b, c):
            return a * b + c

        a, b, c = 2.0, -3.0, 10.0
        h = 0.0001
        d1 = d_of(a, b, c)
        print("d =", d1)
        for name, pushed in [("a", d_of(a + h, b, c)),
                             ("b", d_of(a, b + h, c)),
                             ("c", d_of(a, b, c + h))]:
            slope_word = say(fr="pente", en="slope")
            print(f"{name} + h: d = {pushed}, {slope_word} = {(pushed - d1) / h}")
        """
    ),
    text(
        r"""
        Les pentes se lisent sur la formule :
        - augmenter $a$ de $h$ change $d$ de $b \times h$ : $\partial d / \partial a = b = -3$ ;
        - augmenter $b$ de $h$ change $d$ de $a \times h$ : $\partial d / \partial b = a = 2$ ;
        - augmenter $c$ de $h$ change $d$ de $h$ : $\partial d / \partial c = 1$.

        Mesurer une pente par entrée coûte un calcul de plus par entrée. Un réseau a des
        milliers de paramètres : il faut une autre méthode. L'idée est de garder la trace du calcul.
        """,
        r"""
        The slopes can be read off the formula:
        - pushing $a$ changes $d$ by $b$ times the step: $\partial d / \partial a = b = -3$;
        - pushing $b$ changes $d$ by $a$ times the step: $\partial d / \partial b = a = 2$;
        - pushing $c$ changes $d$ by the same amount: $\partial d / \partial c = 1$.

        Measuring one slope per input costs one more evaluation per input. A network has
        thousands of parameters: we need something better. The idea is to keep a record of
        the computation.
        """,
    ),
    text(
        """
        ## 3. La classe `Value`

        Construisons une petite classe qui contient un nombre. Pour commencer, elle ne fait
        que le garder et l'afficher.
        """,
        """
        ## 3. The `Value` class

        Let us build a small class that wraps a number. To begin with, it only keeps it and
        shows it.
        """,
    ),
    code(
        """
        class Value:
            def __init__(self, data):
                self.data = data

            def __repr__(self):
                return f"Value(data={self.data})"

        Value(2.0), Value(-3.0)
        """
    ),
    text(
        """
        Quand on écrit `a + b`, Python appelle `a.__add__(b)` ; pour `a * b`, `a.__mul__(b)`.
        Une méthode peut s'ajouter à une classe déjà écrite, en la rangeant dans un
        attribut de la classe : c'est ainsi que la classe va grandir, cellule après cellule.
        """,
        """
        Python calls `a.__add__(b)` for `a + b`, and `a.__mul__(b)` for `a * b`. A method can
        be added to a class already written, by assigning it like an attribute: this is how
        the class will grow, cell after cell.
        """,
    ),
    code(
        """
        def add(self, other):
            return Value(self.data + other.data)

        def mul(self, other):
            return Value(self.data * other.data)

        Value.__add__ = add
        Value.__mul__ = mul

        a, b, c = Value(2.0), Value(-3.0), Value(10.0)
        a + b, a * b, a * b + c
        """
    ),
    text(
        """
        ### Étape 1 : le graphe d'une expression

        Pour remonter le calcul plus tard, chaque résultat doit se souvenir de ses
        **opérandes** (`_prev`) et de l'**opération** qui l'a produit (`_op`). L'expression
        devient un graphe : les nombres sont les nœuds, les opérations les relient.

        Le constructeur reçoit donc, en plus du nombre, les opérandes (`_children`) et le nom
        de l'opération. micrograd garde les opérandes dans un ensemble (`set`) ; nous les
        gardons dans un tuple, dans l'ordre où ils sont écrits, pour que les dessins et les
        calculs se refassent à l'identique d'une exécution à l'autre.

        **À vous** : écrivez `__add__` et `__mul__`. Chacune renvoie une nouvelle `Value`
        qui contient le résultat, ses deux opérandes et le symbole de l'opération (`"+"` ou
        `"*"`).
        """,
        """
        ### Step 1: the graph of an expression

        To walk back through the computation later, each result must remember its
        **operands** (`_prev`) and the **operation** that produced it (`_op`). The expression
        becomes a graph: numbers are its nodes, operations connect them.

        So the constructor receives, besides the number, the operands (`_children`) and the
        name of the operation. micrograd keeps the operands in a `set`; we keep them in a
        tuple, in the order they are written, so that drawings and computations come out the
        same from one run to the next.

        **Your turn**: write `__add__` and `__mul__`. Each returns a new `Value` holding the
        result, its two operands and the symbol of the operation (`"+"` or `"*"`).
        """,
    ),
    exercise(
        """
        class Value:
            def __init__(self, data, _children=(), _op=""):
                self.data = data
                self._prev = tuple(_children)
                self._op = _op

            def __repr__(self):
                return f"Value(data={self.data})"

            def __add__(self, other):
                return Value(self.data + other.data, (self, other), "+")

            def __mul__(self, other):
                return Value(self.data * other.data, (self, other), "*")
        """,
        """
        class Value:
            def __init__(self, data, _children=(), _op=""):
                self.data = data
                self._prev = tuple(_children)
                self._op = _op

            def __repr__(self):
                return f"Value(data={self.data})"

            def __add__(self, other):
                raise NotImplementedError

            def __mul__(self, other):
                raise NotImplementedError
        """,
    ),
    code(
        """
        lessons.check_graph(Value)
        """
    ),
    code(
        """
        a, b, c = Value(2.0), Value(-3.0), Value(10.0)
        d = a * b + c
        print(d, d._op, [child.data for child in d._prev])
        """
    ),
    text(
        """
        ### Dessiner le graphe

        `trace` parcourt le graphe depuis un nœud et relève tous les nœuds et toutes les
        arêtes ; `draw_dot` en fait un dessin avec Graphviz : un rectangle par nombre, un
        petit nœud par opération. Le cours dessine de gauche à droite (`rankdir="LR"`) ; nous
        dessinons de haut en bas (`rankdir="TB"`) pour que les graphes tiennent dans la
        largeur de la page. Les entrées sont en haut, le résultat en bas. Les nœuds sont
        nommés par leur rang dans la liste, pour que le dessin soit le même à chaque
        exécution.
        """,
        """
        ### Drawing the graph

        `trace` walks the graph from a node and collects every node and every edge;
        `draw_dot` draws them with Graphviz: one box per number, one small node per
        operation. The course draws from left to right (`rankdir="LR"`); we draw from top to
        bottom (`rankdir="TB"`) so that graphs fit the width of the page. Inputs are at the
        top, the result at the bottom. Nodes are named by their rank in the list, so that the
        drawing is the same at every run.
        """,
    ),
    code(
        """
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
                dot.node(name[id(n)], label=f"{{ data {n.data:.4f} }}", shape="record")
                if n._op:
                    dot.node(name[id(n)] + "op", label=n._op)
                    dot.edge(name[id(n)] + "op", name[id(n)])
            for child, parent in edges:
                dot.edge(name[id(child)], name[id(parent)] + "op")
            return dot


        draw_dot(d)
        """
    ),
    text(
        """
        ### Des noms et des gradients

        Deux attributs de plus : un nom, `label`, pour lire les dessins, et `grad`, qui
        recevra la dérivée du résultat final par rapport à ce nœud. Il vaut `0.0` tant qu'on ne
        l'a pas calculé. Le constructeur et l'affichage changent, et le dessin montre les
        trois champs de chaque nœud.
        """,
        """
        ### Names and gradients

        Two more attributes: a name, `label`, to read the drawings, and `grad`, which will
        receive the derivative of the final result with respect to this node. It is 0.0 as
        long as we have not computed it. The constructor and the display change, and the
        drawing shows the three fields of each node.
        """,
    ),
    code(
        """
        def __init__(self, data, _children=(), _op="", label=""):
            self.data = data
            self.grad = 0.0
            self._prev = tuple(_children)
            self._op = _op
            self.label = label


        def __repr__(self):
            return f"Value(data={self.data}, grad={self.grad})"


        Value.__init__ = __init__
        Value.__repr__ = __repr__


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
        Reprenons $d = a \\times b + c$ avec des noms, et ajoutons une dernière multiplication
        par $f = -2$. Le résultat, $L$, joue le rôle de la fonction de perte d'un réseau :
        c'est le nombre dont on veut connaître les dérivées par rapport à tous les nœuds.
        """,
        """
        Let us write $d = a \\times b + c$ again with names, and add one last multiplication
        by $f = -2$. The result, $L$, plays the part of a network's loss function: it is the
        number whose derivatives with respect to every node we want to know.
        """,
    ),
    code(
        """
        a = Value(2.0, label="a")
        b = Value(-3.0, label="b")
        c = Value(10.0, label="c")
        e = a * b; e.label = "e"
        d = e + c; d.label = "d"
        f = Value(-2.0, label="f")
        L = d * f; L.label = "L"
        print(L)
        draw_dot(L)
        """
    ),
    text(
        r"""
        Le calcul des entrées vers la sortie s'appelle la **passe avant** (*forward pass*).
        Nous allons maintenant parcourir le graphe dans l'autre sens, de la sortie vers les
        entrées, pour remplir le champ `grad` de chaque nœud avec
        $\partial L / \partial \text{nœud}$ : c'est la **passe arrière** (*backward pass*).

        ## 4. La rétropropagation à la main

        Par rapport à $L$ lui-même, la dérivée vaut 1 : $\partial L / \partial L = 1$.

        $L = d \times f$. Si $d$ augmente de $h$ et que $f$ ne bouge pas, $L$ change de
        $f \times h$ : la dérivée de $d \times f$ par rapport à $d$ est le facteur constant
        $f$, donc $\partial L / \partial d = f = -2$. De même, $\partial L / \partial f = d = 4$.
        """,
        r"""
        Computing from the inputs to the output is the **forward pass**. We now walk the
        graph the other way, from the output back to the inputs, and fill the `grad` field of
        every node with $\partial L / \partial \text{node}$: this is the **backward pass**.

        ## 4. Backpropagation by hand

        On $L$ itself the derivative is 1: $\partial L / \partial L = 1$.

        $L = d \times f$. If $d$ increases by $h$ while $f$ stays put, $L$ changes by
        $f \times h$: the derivative of $d \times f$ with respect to $d$ is the constant
        factor $f$, so $\partial L / \partial d = f = -2$. Likewise,
        $\partial L / \partial f = d = 4$.
        """,
    ),
    code(
        """
        L.grad = 1.0
        d.grad = f.data
        f.grad = d.data
        draw_dot(L)
        """
    ),
    text(
        r"""
        ### Étape 2 : la dérivation des fonctions composées

        Comment $L$ dépend-il de $c$ ? $c$ agit sur $d$, qui agit sur $L$. La **dérivation
        des fonctions composées** (la *règle de la chaîne*, *chain rule*) multiplie les deux
        effets :

        $$\frac{\partial L}{\partial c} = \frac{\partial L}{\partial d} \cdot \frac{\partial d}{\partial c}$$

        Chaque nœud n'a besoin que de sa **dérivée locale** (ici
        $\partial d / \partial c = 1$, car $d = e + c$) et du gradient, déjà calculé, du nœud
        qui l'utilise en aval. Une addition transmet donc le gradient tel quel à ses deux
        opérandes. Un cran plus loin, $e = a \times b$ : ses dérivées locales sont
        $\partial e / \partial a = b$ et $\partial e / \partial b = a$. Une multiplication
        envoie à chaque opérande le gradient reçu de l'aval multiplié par **l'autre**
        opérande.

        **À vous** : donnez leur gradient à `c`, `e`, `a` et `b`, en les calculant à partir de
        gradients déjà connus et des dérivées locales (pas en recopiant des nombres).
        """,
        r"""
        ### Step 2: the chain rule

        How does $L$ depend on $c$? $c$ acts on $d$, which acts on $L$. The **chain rule**
        multiplies the two effects:

        $$\frac{\partial L}{\partial c} = \frac{\partial L}{\partial d} \cdot \frac{\partial d}{\partial c}$$

        Every node only needs its **local derivative** (here $\partial d / \partial c = 1$,
        since $d = e + c$) and the gradient, already computed, of the node that uses it
        downstream. An addition therefore passes its gradient unchanged to both operands. One
        step further, $e = a \times b$: its local derivatives are
        $\partial e / \partial a = b$ and $\partial e / \partial b = a$. A multiplication
        sends each operand the gradient it received from downstream times **the other**
        operand.

        **Your turn**: give `c`, `e`, `a` and `b` their gradients, computed from gradients
        already known and the local derivatives (not by copying numbers).
        """,
    ),
    exercise(
        """
        c.grad = d.grad * 1.0
        e.grad = d.grad * 1.0
        a.grad = e.grad * b.data
        b.grad = e.grad * a.data
        draw_dot(L)
        """,
        """
        c.grad = ...
        e.grad = ...
        a.grad = ...
        b.grad = ...
        draw_dot(L)
        """,
    ),
    code(
        """
        lessons.check_gradients(L)
        """
    ),
    text(
        r"""
        ### Vérification avec des nombres

        Chaque gradient est le taux de variation de $L$ par rapport à un nœud : augmenter ce
        nœud de $h$ change $L$ d'environ $\text{gradient} \times h$.
        Vérifions-le comme à la partie 2 : on recalcule $L$ avec un nœud augmenté de
        $h = 0{,}001$. Cela vaut pour les feuilles, et aussi pour les nœuds intermédiaires :
        augmenter $e$ ou $d$ de $h$, c'est ajouter $h$ au résultat de leur opération.
        """,
        r"""
        ### Checking with numbers

        Each gradient is the rate of change of $L$ with respect to a node: increasing that
        node by $h$ changes $L$ by about $\text{gradient} \times h$. Let us
        check, as in part 2: we compute $L$ again with one node increased by $h = 0.001$.
        This works for the leaves, and for the intermediate nodes too: increasing $e$ or $d$
        by $h$ means adding $h$ to the result of their operation.
        """,
    ),
    code(
        """
        def L_of(a=2.0, b=-3.0, c=10.0, f=-2.0, e_plus=0.0, d_plus=0.0):
            e = a * b + e_plus
            d = e + c + d_plus
            return d * f

        h = 0.001
        pushed = {"a": L_of(a=2.0 + h), "b": L_of(b=-3.0 + h), "c": L_of(c=10.0 + h),
                  "f": L_of(f=-2.0 + h), "e": L_of(e_plus=h), "d": L_of(d_plus=h)}
        by_hand, measured = say(fr="à la main", en="by hand"), say(fr="mesuré", en="measured")
        for node in (a, b, c, f, e, d):
            print(f"dL/d{node.label}: {by_hand} {node.grad}, "
                  f"{measured} {(pushed[node.label] - L_of()) / h}")
        """
    ),
    text(
        """
        Les six gradients sont confirmés, y compris ceux des nœuds intermédiaires :
        $\\partial L / \\partial d = -2$ et $\\partial L / \\partial e = -2$.

        ### Un pas dans le sens du gradient

        Le gradient indique la direction qui fait **monter** $L$. Déplaçons chaque feuille
        d'un petit pas (0,01 fois son gradient) dans cette direction, puis recalculons : $L$
        passe de -8 à environ -7,29. Pour faire **baisser** une perte, on fera le pas
        inverse, un petit pas dans le sens opposé au gradient : c'est la descente de gradient.
        """,
        """
        All six gradients are confirmed, including those of the intermediate nodes:
        $\\partial L / \\partial d = -2$ and $\\partial L / \\partial e = -2$.

        ### One step along the gradient

        The gradient points in the direction that makes $L$ **go up**. Let us move each leaf
        a small step (0.01 times its gradient) in that direction, then compute again: $L$
        goes from -8 to about -7.29. To make a loss **go down**, we take the opposite step, a
        small step against the gradient: that is gradient descent.
        """,
    ),
    code(
        """
        print(say(fr="avant :", en="before:"), L.data)
        print(say(fr="après :", en="after: "),
              L_of(*(leaf.data + 0.01 * leaf.grad for leaf in (a, b, c, f))))
        """
    ),
    text(
        r"""
        ## 5. Un neurone et sa fonction d'activation

        Un neurone calcule une somme pondérée de ses entrées plus un biais,
        $n = x_1 w_1 + x_2 w_2 + b$, puis la fait passer dans une **fonction d'activation**.
        Ici, la tangente hyperbolique :

        $$\tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = \frac{e^{2x} - 1}{e^{2x} + 1}$$

        Elle ramène toute valeur dans l'intervalle $]-1\,;\,1[$, et sa dérivée est
        $1 - \tanh^2 x$.
        """,
        r"""
        ## 5. A neuron and its activation function

        A neuron computes a weighted sum of its inputs plus a bias,
        $n = x_1 w_1 + x_2 w_2 + b$, then passes it through an **activation function**. Here,
        the hyperbolic tangent:

        $$\tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = \frac{e^{2x} - 1}{e^{2x} + 1}$$

        It brings any value into the interval $(-1, 1)$, and its derivative is
        $1 - \tanh^2 x$.
        """,
    ),
    code(
        """
        from retrograd.plot import plot_activations

        plot_activations(["tanh"])
        """
    ),
    text(
        r"""
        Voici un neurone à deux entrées, dessiné avec Graphviz : chaque entrée $x_i$ est
        multipliée par son poids $w_i$, les produits et le biais $b$ sont additionnés, et
        la somme $n$ passe dans $\tanh$.
        """,
        r"""
        Here is a neuron with two inputs, drawn with Graphviz: each input $x_i$ is multiplied
        by its weight $w_i$, the products and the bias $b$ are added up, and the sum $n$
        goes through $\tanh$.
        """,
    ),
    code(
        """
        neuron = Digraph(graph_attr={"rankdir": "LR"}, node_attr={"shape": "circle"})
        for i in (1, 2):
            neuron.node(f"x{i}", f"x{i}", shape="plaintext")
            neuron.edge(f"x{i}", "sum", label=f"× w{i}")
        neuron.node("b", "b", shape="plaintext")
        neuron.edge("b", "sum", label="+")
        neuron.node("sum", "Σ")
        neuron.node("act", "tanh")
        neuron.node("o", "o", shape="plaintext")
        neuron.edge("sum", "act", label="n")
        neuron.edge("act", "o")
        neuron
        """
    ),
    text(
        """
        ### Étape 3 : `tanh`

        **À vous** : écrivez la méthode `tanh`. Elle calcule $\\tanh$ de `self.data` avec la
        formule ci-dessus (`math.exp`), et renvoie une nouvelle `Value` qui garde son
        opérande et le nom de l'opération, `"tanh"`.
        """,
        """
        ### Step 3: `tanh`

        **Your turn**: write the `tanh` method. It computes $\\tanh$ of `self.data` with the
        formula above (`math.exp`), and returns a new `Value` that keeps its operand and the
        name of the operation, `"tanh"`.
        """,
    ),
    exercise(
        """
        def tanh(self):
            x = self.data
            t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
            return Value(t, (self,), "tanh")

        Value.tanh = tanh
        """,
        """
        def tanh(self):
            raise NotImplementedError

        Value.tanh = tanh
        """,
    ),
    code(
        """
        lessons.check_tanh(Value)
        """
    ),
    text(
        r"""
        Le neurone de la leçon : deux entrées $x_1 = 2$, $x_2 = 0$, deux poids $w_1 = -3$,
        $w_2 = 1$, et le biais $b = 6{,}8813735870195432$. Ce biais est choisi pour que
        $n = \operatorname{artanh}(1/\sqrt 2) \approx 0{,}8814$ : la sortie vaut alors
        $o = 1/\sqrt 2$, et la dérivée de $\tanh$ en $n$ vaut exactement
        $1 - o^2 = 1 - 1/2 = 0{,}5$. Les gradients à la main se calculent ainsi de tête.
        """,
        r"""
        The lesson's neuron: two inputs $x_1 = 2$, $x_2 = 0$, two weights $w_1 = -3$,
        $w_2 = 1$, and the bias $b = 6.8813735870195432$. That bias is chosen so that
        $n = \operatorname{artanh}(1/\sqrt 2) \approx 0.8814$: the output is then
        $o = 1/\sqrt 2$, and the derivative of $\tanh$ at $n$ is exactly
        $1 - o^2 = 1 - 1/2 = 0.5$. The gradients by hand can then be worked out mentally.
        """,
    ),
    code(
        """
        x1 = Value(2.0, label="x1")
        x2 = Value(0.0, label="x2")
        w1 = Value(-3.0, label="w1")
        w2 = Value(1.0, label="w2")
        b = Value(6.8813735870195432, label="b")

        x1w1 = x1 * w1; x1w1.label = "x1*w1"
        x2w2 = x2 * w2; x2w2.label = "x2*w2"
        x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = "x1*w1 + x2*w2"
        n = x1w1x2w2 + b; n.label = "n"
        o = n.tanh(); o.label = "o"
        print("o =", o.data, "  1/sqrt(2) =", 1 / math.sqrt(2))
        """
    ),
    text(
        r"""
        La rétropropagation à la main, nœud par nœud, de la sortie vers les entrées :
        - $\tanh$ : $\partial o / \partial n = 1 - o^2 = 0{,}5$ (à l'arrondi près : le calcul
          en virgule flottante donne 0,4999999999999999) ;
        - les deux additions transmettent ce gradient tel quel ;
        - chaque multiplication l'envoie multiplié par l'autre opérande :
          $\partial o / \partial x_1 = 0{,}5 \times w_1 = -1{,}5$,
          $\partial o / \partial w_1 = 0{,}5 \times x_1 = 1$, et de même pour $x_2$, $w_2$.
        """,
        r"""
        Backpropagation by hand, node by node, from the output back to the inputs:
        - $\tanh$: $\partial o / \partial n = 1 - o^2 = 0.5$ (up to rounding: the
          floating-point computation gives 0.4999999999999999);
        - both additions pass that gradient on unchanged;
        - each multiplication sends it on times the other operand:
          $\partial o / \partial x_1 = 0.5 \times w_1 = -1.5$,
          $\partial o / \partial w_1 = 0.5 \times x_1 = 1$, and likewise for $x_2$, $w_2$.
        """,
    ),
    code(
        """
        o.grad = 1.0
        n.grad = (1 - o.data**2) * o.grad
        x1w1x2w2.grad = n.grad
        b.grad = n.grad
        x1w1.grad = x1w1x2w2.grad
        x2w2.grad = x1w1x2w2.grad
        x1.grad = w1.data * x1w1.grad
        w1.grad = x1.data * x1w1.grad
        x2.grad = w2.data * x2w2.grad
        w2.grad = x2.data * x2w2.grad
        print("x1:", x1.grad, " w1:", w1.grad, " x2:", x2.grad, " w2:", w2.grad)
        draw_dot(o)
        """
    ),
    text(
        """
        Le gradient de $w_2$ est nul : son entrée $x_2$ vaut 0, donc changer $w_2$ ne change
        rien à la sortie. Le gradient de $w_1$ vaut 1 : augmenter ce poids fait monter la
        sortie du neurone.

        ## 6. La rétropropagation automatique

        ### Étape 4 : une fonction `_backward` par nœud

        Chaque opération connaît ses dérivées locales au moment où elle calcule son
        résultat. Elle peut donc laisser sur ce résultat une petite fonction, `out._backward`,
        qui fait **un** pas de la dérivation des fonctions composées : elle donne à chaque
        opérande `dérivée locale × out.grad`. Une telle fonction, définie à l'intérieur d'une
        méthode, se souvient des variables `self`, `other` et `out` de cet appel : c'est une
        **fermeture** (*closure*). Un nœud sans opération (une feuille) a une fonction qui ne
        fait rien.

        La cellule suivante garde le calcul que vous avez écrit aux étapes 1 et 3
        (`plain_add`, `plain_mul`, `plain_tanh`) ; il reste à lui ajouter la fonction
        `_backward`. Comme dans le cours, chaque `_backward` **remplace** les gradients
        (`=`) ; la leçon 2 montrera quand cela ne suffit pas.

        **À vous** : écrivez le corps des trois fonctions `_backward`.
        """,
        """
        The gradient of $w_2$ is zero: its input $x_2$ is 0, so changing $w_2$ changes nothing
        at the output. The gradient of $w_1$ is 1: increasing that weight raises the neuron's
        output.

        ## 6. Automatic backpropagation

        ### Step 4: one `_backward` function per node

        Every operation knows its local derivatives when it computes its result. So it can
        leave on that result a small function, `out._backward`, that does **one** step of the
        chain rule: it gives each operand `local derivative × out.grad`. Such a function,
        defined inside a method, remembers the variables `self`, `other` and `out` of that
        call: it is a **closure**. A node without an operation (a leaf) has a function that
        does nothing.

        The next cell keeps the computation you wrote in steps 1 and 3 (`plain_add`,
        `plain_mul`, `plain_tanh`); what is left is to add the `_backward` function to it. As
        in the course, each `_backward` **assigns** the gradients (`=`); lesson 2 will show
        when that is not enough.

        **Your turn**: write the body of the three `_backward` functions.
        """,
    ),
    code(
        """
        def __init__(self, data, _children=(), _op="", label=""):
            self.data = data
            self.grad = 0.0
            self._backward = lambda: None
            self._prev = tuple(_children)
            self._op = _op
            self.label = label


        Value.__init__ = __init__
        plain_add, plain_mul, plain_tanh = Value.__add__, Value.__mul__, Value.tanh
        """
    ),
    exercise(
        """
        def __add__(self, other):
            out = plain_add(self, other)

            def _backward():
                self.grad = 1.0 * out.grad
                other.grad = 1.0 * out.grad

            out._backward = _backward
            return out


        def __mul__(self, other):
            out = plain_mul(self, other)

            def _backward():
                self.grad = other.data * out.grad
                other.grad = self.data * out.grad

            out._backward = _backward
            return out


        def tanh(self):
            out = plain_tanh(self)

            def _backward():
                self.grad = (1 - out.data**2) * out.grad

            out._backward = _backward
            return out


        Value.__add__ = __add__
        Value.__mul__ = __mul__
        Value.tanh = tanh
        """,
        """
        def __add__(self, other):
            out = plain_add(self, other)

            def _backward():
                raise NotImplementedError

            out._backward = _backward
            return out


        def __mul__(self, other):
            out = plain_mul(self, other)

            def _backward():
                raise NotImplementedError

            out._backward = _backward
            return out


        def tanh(self):
            out = plain_tanh(self)

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
        lessons.check_closures(Value)
        """
    ),
    text(
        """
        ### Appeler `_backward` à la main

        Reprenons $L$ sur une expression toute neuve. On pose `L.grad = 1`, puis on appelle
        `_backward()` sur $L$, sur $d$ et sur $e$, dans cet ordre, en dessinant le graphe
        après chaque appel : à chaque fois, les gradients remontent d'un cran vers les
        entrées.
        """,
        """
        ### Calling `_backward` by hand

        Let us build $L$ again, brand new. We set `L.grad = 1`, then call `_backward()` on
        $L$, on $d$ and on $e$, in that order, drawing the graph after each call: the
        gradients move one level up towards the inputs each time.
        """,
    ),
    code(
        """
        a = Value(2.0, label="a")
        b = Value(-3.0, label="b")
        c = Value(10.0, label="c")
        e = a * b; e.label = "e"
        d = e + c; d.label = "d"
        f = Value(-2.0, label="f")
        L = d * f; L.label = "L"

        L.grad = 1.0
        L._backward()
        draw_dot(L)
        """
    ),
    code(
        """
        d._backward()
        draw_dot(L)
        """
    ),
    code(
        """
        e._backward()
        draw_dot(L)
        """
    ),
    text(
        """
        Les mêmes gradients qu'à la main : 6, -4, -2 et 4 sur les feuilles.

        ### Étape 5 : dans quel ordre ? `backward()`

        Un nœud ne peut transmettre son gradient que lorsqu'il l'a reçu de **tous** les nœuds
        qui l'utilisent. Un **tri topologique** range les nœuds de sorte que chacun vienne
        après ses opérandes ; en parcourant cette liste à l'envers, depuis la sortie, chaque
        gradient est complet au moment où il sert. Le graphe n'a pas de cycle (c'est un
        graphe orienté acyclique, *DAG* en anglais), donc cet ordre existe toujours.


        **À vous** : écrivez la méthode `backward()`. À l'intérieur, une fonction
        `build_topo(v)` parcourt le graphe en profondeur : si `v` n'a pas encore été vu, elle
        le marque, s'appelle sur chacun de ses opérandes, **puis** ajoute `v` à la liste
        `topo`. Ensuite `backward()` donne 1 au gradient de la sortie et appelle `_backward()`
        sur chaque nœud de `topo`, en partant de la fin.
        """,
        """
        The same gradients as by hand: 6, -4, -2 and 4 on the leaves.

        ### Step 5: in which order? `backward()`

        A node can pass its gradient on only once it has received it from **all** the nodes
        that use it. A **topological sort** lists the nodes so that each one comes after its
        operands; walking it backwards, from the output, every gradient is complete by the
        time it is used. The graph has no cycle (it is a DAG), so such an order always exists.

        **Your turn**: write the `backward()` method. Inside it, a function `build_topo(v)`
        walks the graph depth first: if `v` has not been seen yet, it marks it, calls itself
        on each of its operands, **then** appends `v` to the list `topo`. Then `backward()`
        sets the output's gradient to 1 and calls `_backward()` on every node of `topo`,
        starting from the end.
        """,
    ),
    exercise(
        """
        def backward(self):
            topo = []
            visited = set()

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


        Value.backward = backward
        """,
        """
        def backward(self):
            raise NotImplementedError


        Value.backward = backward
        """,
    ),
    code(
        """
        lessons.check_backward(Value)
        """
    ),
    text(
        """
        Sur une expression toute neuve, un seul appel remplace tout le travail à la main :
        """,
        """
        On a brand-new expression, one call replaces all the work by hand:
        """,
    ),
    code(
        """
        a = Value(2.0, label="a")
        b = Value(-3.0, label="b")
        c = Value(10.0, label="c")
        e = a * b; e.label = "e"
        d = e + c; d.label = "d"
        f = Value(-2.0, label="f")
        L = d * f; L.label = "L"

        L.backward()
        print("L =", L.data)
        print("dL/da =", a.grad, " dL/db =", b.grad, " dL/dc =", c.grad, " dL/df =", f.grad)
        draw_dot(L)
        """
    ),
    text(
        """
        Et pour le neurone, une ligne remplace tout le calcul de la partie 5 :
        """,
        """
        And for the neuron, one line replaces the whole computation of part 5:
        """,
    ),
    code(
        """
        x1 = Value(2.0, label="x1")
        x2 = Value(0.0, label="x2")
        w1 = Value(-3.0, label="w1")
        w2 = Value(1.0, label="w2")
        b = Value(6.8813735870195432, label="b")
        n = x1 * w1 + x2 * w2 + b; n.label = "n"
        o = n.tanh(); o.label = "o"

        o.backward()
        print("o =", o.data)
        print("x1:", x1.grad, " w1:", w1.grad, " x2:", x2.grad, " w2:", w2.grad, " b:", b.grad)
        draw_dot(o)
        """
    ),
    text(
        """
        ## 7. Votre `Value` et celle de retrograd

        La classe que vous venez d'écrire est, en plus court, celle de la bibliothèque
        **retrograd** (`retrograd.Value`). La cellule suivante les compare sur trois
        expressions : $L$, le neurone, et une expression de cinq feuilles qui enchaîne deux
        `tanh`. Elle vérifie les mêmes nombres, les mêmes gradients après `backward()` et le
        même graphe (les mêmes opérations sur les mêmes opérandes). À partir de la leçon 2,
        les notebooks pourront se servir de retrograd.
        """,
        """
        ## 7. Your `Value` and retrograd's

        The class you have just written is, in shorter form, the one of the **retrograd**
        library (`retrograd.Value`). The next cell compares them on three expressions: $L$,
        the neuron, and an expression of five leaves that chains two `tanh`. It checks the
        same numbers, the same gradients after `backward()` and the same graph (the same
        operations on the same operands). From lesson 2 on, the notebooks may use retrograd.
        """,
    ),
    code(
        """
        lessons.compare_with_retrograd(Value, lesson=1)
        """
    ),
    text(
        """
        ## À retenir

        - La dérivée mesure la réaction d'une sortie à un petit changement d'une entrée ; on
          peut la mesurer avec des nombres.
        - Une `Value` garde ses opérandes : l'expression devient un graphe.
        - La dérivation des fonctions composées se calcule nœud par nœud : dérivée locale ×
          gradient reçu de l'aval. Une addition recopie le gradient, une multiplication le
          multiplie par l'autre opérande.
        - Chaque opération laisse une fonction `_backward` qui fait ce pas ; `backward()` les
          appelle toutes, dans l'ordre topologique inverse, de la sortie vers les entrées.

        La leçon 2 corrige un défaut de cette `Value` (une valeur utilisée deux fois), la
        complète (constantes, exponentielle, division…) et en fait un réseau de neurones qui
        apprend.
        """,
        """
        ## Key points

        - A derivative measures how an output reacts to a small change of one input; it can
          be measured with numbers.
        - A `Value` keeps its operands: the expression becomes a graph.
        - The chain rule is computed node by node: local derivative × gradient received from
          downstream. An addition copies the gradient, a multiplication multiplies it by the
          other operand.
        - Every operation leaves a `_backward` function that does that step; `backward()`
          calls them all, in reverse topological order, from the output back to the inputs.

        Lesson 2 fixes a flaw of this `Value` (a value used twice), completes it (constants,
        exponential, division...) and turns it into a neural network that learns.
        """,
    ),
)

NOTEBOOK = Notebook(1, "derivees_et_retropropagation", "derivatives_to_backprop", CELLS)
