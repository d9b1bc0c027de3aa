"""Lesson 1: from the slope of a function to backpropagation."""

from cells import Notebook, code, text

CELLS = (
    text(
        """
        # Leçon 1 — des dérivées à la rétropropagation

        Un réseau de neurones apprend en corrigeant ses paramètres dans le sens qui fait
        baisser son erreur. Pour savoir quel sens prendre, il faut la **dérivée** de
        l'erreur par rapport à chaque paramètre. Cette leçon construit pas à pas l'outil
        qui calcule toutes ces dérivées d'un coup : la **rétropropagation du gradient**.

        Le chemin suit la première séance du cours d'Andrej Karpathy, *The spelled-out intro
        to neural networks and backpropagation: building micrograd*, avec la bibliothèque
        **retrograd** :

        1. la pente d'une fonction, mesurée avec des nombres ;
        2. les dérivées partielles d'une expression à trois entrées ;
        3. une classe `Value` qui se souvient de la façon dont elle a été calculée, et son graphe ;
        4. la rétropropagation faite à la main, puis vérifiée avec des nombres ;
        5. la tangente hyperbolique, la fonction d'activation d'un neurone ;
        6. la rétropropagation automatique, `backward()`.
        """,
        """
        # Lesson 1 — from derivatives to backpropagation

        A neural network learns by nudging its parameters in the direction that lowers its
        error. To know which direction that is, we need the **derivative** of the error with
        respect to every parameter. This lesson builds, step by step, the tool that computes
        all of these derivatives at once: **backpropagation**.

        It follows the first lecture of Andrej Karpathy's course, *The spelled-out intro to
        neural networks and backpropagation: building micrograd*, using the **retrograd**
        library:

        1. the slope of a function, measured with numbers;
        2. the partial derivatives of an expression with three inputs;
        3. a `Value` class that remembers how it was computed, and its graph;
        4. backpropagation by hand, then checked with numbers;
        5. the hyperbolic tangent, the activation function of a neuron;
        6. automatic backpropagation, `backward()`.
        """,
    ),
    code(
        """
        import math

        import matplotlib.pyplot as plt
        import numpy as np

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
        print(len(xs), "points; f(-5) =", ys[0], "; f(4.75) =", ys[-1])

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

        Que devient $f(x)$ quand on pousse $x$ d'un tout petit pas $h$ ? Le rapport

        $$\frac{f(x+h) - f(x)}{h}$$

        est la pente de la droite qui passe par les deux points ; quand $h$ tend vers 0, c'est
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
        Au fond de la parabole, en $x = 2/3$, la tangente est horizontale : pousser $x$ un
        tout petit peu ne change pas $f(x)$, pas même au dernier chiffre.
        """,
        r"""
        At the bottom of the parabola, $x = 2/3$, the tangent is flat: pushing $x$ a tiny bit
        does not change $f(x)$, not even in the last digit.
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
        courbe au point $(3, 20)$.
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
        (une **dérivée partielle**) : on pousse une entrée et on garde les autres fixes.
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
            print(f"push {name}: d = {pushed}, slope = {(pushed - d1) / h}")
        """
    ),
    text(
        r"""
        Les pentes se lisent sur la formule :
        - pousser $a$ change $d$ de $b$ fois le pas : $\partial d / \partial a = b = -3$ ;
        - pousser $b$ change $d$ de $a$ fois le pas : $\partial d / \partial b = a = 2$ ;
        - pousser $c$ change $d$ d'autant : $\partial d / \partial c = 1$.

        Mesurer une pente par entrée coûte un calcul de plus par entrée. Un réseau a des
        milliers de paramètres : il nous faut mieux. L'idée est de garder la trace du calcul.
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

        Construisons une petite classe qui enveloppe un nombre. Pour commencer, elle ne fait
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
        Python appelle `a.__add__(b)` pour écrire `a + b`, et `a.__mul__(b)` pour `a * b`.
        Donnons ces deux méthodes à la classe :
        """,
        """
        Python calls `a.__add__(b)` for `a + b`, and `a.__mul__(b)` for `a * b`. Let us give
        the class these two methods:
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
        Pour remonter le calcul plus tard, chaque résultat doit se souvenir de ses
        **opérandes** (`_prev`) et de l'**opération** qui l'a produit (`_op`). L'expression
        devient un graphe : les nombres sont les nœuds, les opérations les relient.
        """,
        """
        To walk back through the computation later, each result must remember its
        **operands** (`_prev`) and the **operation** that produced it (`_op`). The expression
        becomes a graph: numbers are its nodes, operations connect them.
        """,
    ),
    code(
        """
        class Value:
            def __init__(self, data, children=(), op=""):
                self.data = data
                self._prev = tuple(children)
                self._op = op

            def __repr__(self):
                return f"Value(data={self.data})"

            def __add__(self, other):
                return Value(self.data + other.data, (self, other), "+")

            def __mul__(self, other):
                return Value(self.data * other.data, (self, other), "*")

        a, b, c = Value(2.0), Value(-3.0), Value(10.0)
        d = a * b + c
        d, d._op, d._prev
        """
    ),
    text(
        """
        ### La `Value` de retrograd

        Cette classe, complétée, est `retrograd.Value` : mêmes attributs `data`, `_prev` et
        `_op`, plus un nom (`label`) pour les dessins et un gradient (`grad`). À partir
        d'ici, nous l'utilisons. `draw_dot` dessine le graphe d'une expression avec
        Graphviz : un rectangle par nombre, un petit nœud par opération.
        """,
        """
        ### retrograd's `Value`

        This class, finished, is `retrograd.Value`: the same attributes `data`, `_prev` and
        `_op`, plus a name (`label`) for drawings and a gradient (`grad`). From here on, we use
        it. `draw_dot` draws the graph of an expression with Graphviz: one box per number, one
        small node per operation.
        """,
    ),
    code(
        """
        from retrograd import Value
        from retrograd.graph import draw_dot

        a = Value(2.0, label="a")
        b = Value(-3.0, label="b")
        c = Value(10.0, label="c")
        e = a * b; e.label = "e"
        d = e + c; d.label = "d"
        draw_dot(d)
        """
    ),
    text(
        """
        Ajoutons une dernière multiplication par $f = -2$. Le résultat, $L$, joue le rôle de
        la fonction de perte d'un réseau : c'est le nombre dont on veut connaître les dérivées
        par rapport à toutes les feuilles $a$, $b$, $c$, $f$.
        """,
        """
        Let us add one last multiplication by $f = -2$. The result, $L$, plays the part of a
        network's loss function: it is the number whose derivatives with respect to all the
        leaves $a$, $b$, $c$, $f$ we want to know.
        """,
    ),
    code(
        """
        f = Value(-2.0, label="f")
        L = d * f; L.label = "L"
        print(L)
        draw_dot(L)
        """
    ),
    text(
        r"""
        Le calcul de gauche à droite s'appelle la **passe avant** (*forward pass*). Nous
        allons maintenant remonter de droite à gauche, de $L$ vers les feuilles, pour remplir
        le champ `grad` de chaque nœud avec $\partial L / \partial \text{nœud}$ : c'est la
        **passe arrière** (*backward pass*).

        ## 4. La rétropropagation à la main

        Sur $L$ lui-même, la dérivée est 1 : $\partial L / \partial L = 1$.

        Pour $L = d \times f$, la règle du produit donne
        $\partial L / \partial d = f = -2$ et $\partial L / \partial f = d = 4$.
        """,
        r"""
        Computing from left to right is the **forward pass**. We now walk back from right to
        left, from $L$ to the leaves, and fill the `grad` field of every node with
        $\partial L / \partial \text{node}$: this is the **backward pass**.

        ## 4. Backpropagation by hand

        On $L$ itself the derivative is 1: $\partial L / \partial L = 1$.

        For $L = d \times f$ the product rule gives $\partial L / \partial d = f = -2$ and
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
        ### La règle de dérivation en chaîne

        Comment $L$ dépend-il de $c$ ? $c$ agit sur $d$, qui agit sur $L$. La **règle de la
        chaîne** multiplie les deux effets :

        $$\frac{\partial L}{\partial c} = \frac{\partial L}{\partial d} \cdot \frac{\partial d}{\partial c}$$

        Chaque nœud n'a besoin que de sa **dérivée locale** (ici
        $\partial d / \partial c = 1$, car $d = e + c$) et du gradient déjà calculé au-dessus
        de lui. Une addition transmet donc le gradient tel quel à ses deux opérandes.
        """,
        r"""
        ### The chain rule

        How does $L$ depend on $c$? $c$ acts on $d$, which acts on $L$. The **chain rule**
        multiplies the two effects:

        $$\frac{\partial L}{\partial c} = \frac{\partial L}{\partial d} \cdot \frac{\partial d}{\partial c}$$

        Every node only needs its **local derivative** (here $\partial d / \partial c = 1$,
        since $d = e + c$) and the gradient already computed above it. An addition therefore
        passes its gradient unchanged to both operands.
        """,
    ),
    code(
        """
        c.grad = d.grad * 1.0
        e.grad = d.grad * 1.0
        draw_dot(L)
        """
    ),
    text(
        r"""
        Un cran plus loin, $e = a \times b$ : ses dérivées locales sont
        $\partial e / \partial a = b$ et $\partial e / \partial b = a$. Une multiplication
        envoie à chaque opérande le gradient du dessus multiplié par **l'autre** opérande.
        """,
        r"""
        One step further, $e = a \times b$: its local derivatives are
        $\partial e / \partial a = b$ and $\partial e / \partial b = a$. A multiplication sends
        each operand the gradient from above times **the other** operand.
        """,
    ),
    code(
        """
        a.grad = e.grad * b.data
        b.grad = e.grad * a.data
        draw_dot(L)
        """
    ),
    text(
        """
        ### Vérification avec des nombres

        Chaque gradient annonce de combien $L$ bouge quand on pousse une feuille. Vérifions-le
        comme à la partie 2 : on recalcule $L$ avec une feuille poussée de $h = 0{,}001$.
        """,
        """
        ### Checking with numbers

        Each gradient tells how much $L$ moves when a leaf is pushed. Let us check, as in
        part 2: we compute $L$ again with one leaf pushed by $h = 0.001$.
        """,
    ),
    code(
        """
        def L_of(a=2.0, b=-3.0, c=10.0, f=-2.0):
            return (a * b + c) * f

        h = 0.001
        for name, leaf in [("a", a), ("b", b), ("c", c), ("f", f)]:
            pushed = L_of(**{name: leaf.data + h})
            print(f"dL/d{name}: by hand {leaf.grad}, measured {(pushed - L_of()) / h}")
        """
    ),
    text(
        """
        ### Un pas dans le sens du gradient

        Le gradient indique la direction qui fait **monter** $L$. Poussons chaque feuille d'un
        petit pas (0,01 fois son gradient) dans cette direction, puis recalculons : $L$ passe
        de -8 à environ -7,29. Pour faire **baisser** une perte, on fera le pas inverse : c'est
        la descente de gradient.
        """,
        """
        ### One step along the gradient

        The gradient points in the direction that makes $L$ **go up**. Let us push each leaf a
        small step (0.01 times its gradient) in that direction, then compute again: $L$ goes
        from -8 to about -7.29. To make a loss **go down**, we take the opposite step: that is
        gradient descent.
        """,
    ),
    code(
        """
        print("before:", L.data)
        print("after: ", L_of(*(leaf.data + 0.01 * leaf.grad for leaf in (a, b, c, f))))
        """
    ),
    text(
        r"""
        ## 5. Un neurone et sa fonction d'activation

        Un neurone calcule une somme pondérée de ses entrées plus un biais,
        $n = x_1 w_1 + x_2 w_2 + b$, puis la fait passer dans une **fonction d'activation**.
        Ici, la tangente hyperbolique :

        $$\tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = \frac{e^{2x} - 1}{e^{2x} + 1}$$

        Elle écrase toute valeur dans l'intervalle $]-1, 1[$, et sa dérivée est
        $1 - \tanh^2 x$.
        """,
        r"""
        ## 5. A neuron and its activation function

        A neuron computes a weighted sum of its inputs plus a bias,
        $n = x_1 w_1 + x_2 w_2 + b$, then passes it through an **activation function**. Here,
        the hyperbolic tangent:

        $$\tanh x = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = \frac{e^{2x} - 1}{e^{2x} + 1}$$

        It squashes any value into the interval $(-1, 1)$, and its derivative is
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
        """
        Le neurone de la leçon : deux entrées $x_1 = 2$, $x_2 = 0$, deux poids $w_1 = -3$,
        $w_2 = 1$, et un biais choisi pour que la sortie tombe sur un nombre rond,
        $b = 6{,}8813735870195432$.
        """,
        """
        The lesson's neuron: two inputs $x_1 = 2$, $x_2 = 0$, two weights $w_1 = -3$,
        $w_2 = 1$, and a bias chosen so that the output lands on a round number,
        $b = 6.8813735870195432$.
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
        La rétropropagation à la main, nœud par nœud, du haut vers le bas :
        - $\tanh$ : $\partial o / \partial n = 1 - o^2 \approx 0{,}5$ ;
        - les deux additions transmettent 0,5 tel quel ;
        - chaque multiplication envoie 0,5 fois l'autre opérande :
          $\partial o / \partial x_1 = 0{,}5 \times w_1 = -1{,}5$,
          $\partial o / \partial w_1 = 0{,}5 \times x_1 = 1$, et de même pour $x_2$, $w_2$.
        """,
        r"""
        Backpropagation by hand, node by node, from the top down:
        - $\tanh$: $\partial o / \partial n = 1 - o^2 \approx 0.5$;
        - both additions pass 0.5 on unchanged;
        - each multiplication sends 0.5 times the other operand:
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
        draw_dot(o)
        """
    ),
    text(
        """
        Le gradient de $w_2$ est nul : son entrée $x_2$ vaut 0, donc changer $w_2$ ne change
        rien à la sortie. Le gradient de $w_1$ vaut 1 : augmenter ce poids fait monter la
        sortie du neurone.

        ## 6. La rétropropagation automatique

        ### Un pas de la règle de la chaîne par nœud

        Chaque opération connaît ses dérivées locales dès la passe avant. Dans retrograd, un
        nœud les garde avec ses opérandes, et sa méthode `_backward()` fait **un** pas de la
        règle de la chaîne : elle ajoute `dérivée locale × node.grad` au gradient de chaque
        opérande. Refaisons le calcul de $L$ de cette façon : on pose `L.grad = 1`, puis on
        appelle `_backward()` sur $L$, $d$ et $e$, dans cet ordre.
        """,
        """
        The gradient of $w_2$ is zero: its input $x_2$ is 0, so changing $w_2$ changes nothing
        at the output. The gradient of $w_1$ is 1: increasing that weight raises the neuron's
        output.

        ## 6. Automatic backpropagation

        ### One chain-rule step per node

        Every operation knows its local derivatives as soon as the forward pass computes it.
        In retrograd a node keeps them next to its operands, and its `_backward()` method does
        **one** step of the chain rule: it adds `local derivative × node.grad` to the gradient
        of each operand. Let us redo the computation of $L$ this way: we set `L.grad = 1`,
        then call `_backward()` on $L$, $d$ and $e$, in that order.
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
        for node in (L, d, e):
            node._backward()
            print(f"after {node.label}._backward():",
                  {v.label: v.grad for v in (a, b, c, d, e, f)})
        """
    ),
    text(
        """
        ### Dans quel ordre ?

        Un nœud ne peut transmettre son gradient que lorsqu'il l'a reçu de **tous** les nœuds
        qui l'utilisent. Un **tri topologique** range les nœuds de sorte que chacun vienne
        après ses opérandes ; en le parcourant à l'envers, depuis la sortie, chaque gradient est
        complet au moment où il sert. Le graphe n'a pas de cycle (c'est un DAG), donc cet ordre
        existe toujours.
        """,
        """
        ### In which order?

        A node can pass its gradient on only once it has received it from **all** the nodes
        that use it. A **topological sort** lists the nodes so that each one comes after its
        operands; walking it backwards, from the output, every gradient is complete by the
        time it is used. The graph has no cycle (it is a DAG), so such an order always exists.
        """,
    ),
    code(
        """
        from retrograd import topological_order

        [v.label for v in topological_order(L)]
        """
    ),
    text(
        """
        `backward()` fait tout cela : il trie le graphe, donne 1 au gradient de la sortie et
        appelle `_backward()` sur chaque nœud, de la sortie vers les entrées. Sur une
        expression toute neuve :
        """,
        """
        `backward()` does all of this: it sorts the graph, sets the output's gradient to 1 and
        calls `_backward()` on every node, from the output back to the inputs. On a brand-new
        expression:
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
        Les mêmes gradients qu'à la main : 6, -4, -2 et 4. Et pour le neurone, une seule ligne
        remplace tout le calcul de la partie 5 :
        """,
        """
        The same gradients as by hand: 6, -4, -2 and 4. And for the neuron, one line replaces
        the whole computation of part 5:
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
        ## À retenir

        - La dérivée mesure la réaction d'une sortie à un petit changement d'une entrée ;
          `slope` la mesure avec des nombres.
        - Une `Value` garde ses opérandes : l'expression devient un graphe.
        - La règle de la chaîne se calcule nœud par nœud : dérivée locale × gradient du
          dessus. Une addition recopie le gradient, une multiplication le multiplie par
          l'autre opérande.
        - `backward()` applique ce pas à tous les nœuds, dans l'ordre topologique inverse.

        La leçon 2 complète la `Value` (constantes, exponentielle, division…) et en fait un
        réseau de neurones qui apprend.
        """,
        """
        ## Key points

        - A derivative measures how an output reacts to a small change of one input; `slope`
          measures it with numbers.
        - A `Value` keeps its operands: the expression becomes a graph.
        - The chain rule is computed node by node: local derivative × gradient from above. An
          addition copies the gradient, a multiplication multiplies it by the other operand.
        - `backward()` applies that step to every node, in reverse topological order.

        Lesson 2 completes `Value` (constants, exponential, division...) and turns it into a
        neural network that learns.
        """,
    ),
)

NOTEBOOK = Notebook(1, "derivees_et_retropropagation", "derivatives_to_backprop", CELLS)
