"""Lesson 2: from an expression to a trained network."""

from cells import Notebook, code, text

CELLS = (
    text(
        """
        # Leçon 2 — de l'expression au réseau entraîné

        La leçon 1 a construit une `Value` qui sait calculer ses gradients avec `backward()`.
        Cette leçon la rend complète et s'en sert pour entraîner un petit réseau :

        1. un piège : le gradient d'une valeur utilisée deux fois, et pourquoi il faut `+=` ;
        2. les constantes et les opérateurs « à l'envers » (`2 * a`) ;
        3. l'exponentielle, les puissances, la division et la soustraction ;
        4. la tangente hyperbolique reconstruite avec `exp` : mêmes gradients ;
        5. le même neurone dans PyTorch ;
        6. `Neuron`, `Layer` et `MLP` ;
        7. une fonction de perte et la boucle d'entraînement.
        """,
        """
        # Lesson 2 — from an expression to a trained network

        Lesson 1 built a `Value` that computes its gradients with `backward()`. This lesson
        completes it and uses it to train a small network:

        1. a trap: the gradient of a value used twice, and why we need `+=`;
        2. constants and "reflected" operators (`2 * a`);
        3. the exponential, powers, division and subtraction;
        4. the hyperbolic tangent rebuilt from `exp`: the same gradients;
        5. the same neuron in PyTorch;
        6. `Neuron`, `Layer` and `MLP`;
        7. a loss function and the training loop.
        """,
    ),
    code(
        """
        import random

        from retrograd import Value
        from retrograd.graph import draw_dot

        %matplotlib inline
        """
    ),
    text(
        """
        ## 1. Une valeur utilisée deux fois

        À la fin de la leçon 1, chaque opération laissait une petite fonction `_backward` qui
        **affectait** les gradients de ses opérandes (`self.grad = ...`). Réécrivons cette
        version, avec une addition et une multiplication, pour voir ce qu'elle donne sur
        `b = a + a`.
        """,
        """
        ## 1. A value used twice

        At the end of lesson 1, each operation left a small `_backward` function that
        **assigned** the gradients of its operands (`self.grad = ...`). Let us write that
        version again, with addition and multiplication, and see what it does on `b = a + a`.
        """,
    ),
    code(
        """
        class AssigningValue:
            def __init__(self, data, children=(), op=""):
                self.data = data
                self.grad = 0.0
                self._prev = tuple(children)
                self._op = op
                self._backward = lambda: None

            def __add__(self, other):
                out = AssigningValue(self.data + other.data, (self, other), "+")
                def _backward():
                    self.grad = out.grad
                    other.grad = out.grad
                out._backward = _backward
                return out

            def __mul__(self, other):
                out = AssigningValue(self.data * other.data, (self, other), "*")
                def _backward():
                    self.grad = other.data * out.grad
                    other.grad = self.data * out.grad
                out._backward = _backward
                return out

            def backward(self):
                order, seen = [], set()
                def visit(v):
                    if v not in seen:
                        seen.add(v)
                        for child in v._prev:
                            visit(child)
                        order.append(v)
                visit(self)
                self.grad = 1.0
                for node in reversed(order):
                    node._backward()

        a = AssigningValue(3.0)
        b = a + a
        b.backward()
        print("db/da =", a.grad)
        """
    ),
    text(
        r"""
        Faux : $b = 2a$, donc $\partial b / \partial a = 2$. L'addition a donné 1 à `a` comme
        premier opérande, puis encore 1 comme second opérande, et la deuxième affectation a
        **écrasé** la première.

        La règle de la chaîne à plusieurs variables le dit : quand une valeur sert à plusieurs
        endroits, son gradient est la **somme** des contributions de tous les chemins. Même
        erreur sur un exemple moins visible, $f = (a \times b) \times (a + b)$ avec $a = -2$,
        $b = 3$, où les bons gradients sont $\partial f / \partial a = b(a+b) + ab = -3$ et
        $\partial f / \partial b = a(a+b) + ab = -8$ :
        """,
        r"""
        Wrong: $b = 2a$, so $\partial b / \partial a = 2$. The addition gave 1 to `a` as its
        first operand, then 1 again as its second operand, and the second assignment
        **overwrote** the first.

        The multivariable chain rule says it: when a value is used in several places, its
        gradient is the **sum** of the contributions of all the paths. The same mistake on a
        less visible example, $f = (a \times b) \times (a + b)$ with $a = -2$, $b = 3$, where
        the right gradients are $\partial f / \partial a = b(a+b) + ab = -3$ and
        $\partial f / \partial b = a(a+b) + ab = -8$:
        """,
    ),
    code(
        """
        a = AssigningValue(-2.0)
        b = AssigningValue(3.0)
        f = (a * b) * (a + b)
        f.backward()
        print("df/da =", a.grad, " df/db =", b.grad)
        """
    ),
    text(
        """
        Le remède tient en un caractère : chaque `_backward` **ajoute** sa contribution
        (`self.grad += ...`) au lieu de remplacer. C'est ce que fait retrograd (et micrograd,
        et PyTorch). Les gradients partent de 0 et s'accumulent :
        """,
        """
        The fix is one character: each `_backward` **adds** its contribution
        (`self.grad += ...`) instead of replacing. This is what retrograd does (and micrograd,
        and PyTorch). Gradients start at 0 and accumulate:
        """,
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
        Sur le dessin, `a` et `b` envoient chacun deux flèches : une vers `*`, une vers `+`.
        Leur gradient est la somme de ce qui revient par ces deux chemins.

        Conséquence pratique : les gradients des feuilles s'ajoutent aussi d'un appel de
        `backward()` à l'autre. Avant chaque nouvelle passe arrière, il faudra les remettre à
        zéro (partie 7).

        ## 2. Constantes et opérateurs à l'envers

        Écrire `a + 1` demande à `a.__add__` d'accepter un simple nombre : retrograd
        l'enveloppe dans une `Value` constante. Pour `1 + a`, Python essaie d'abord
        `int.__add__(1, a)`, qui ne connaît pas les `Value` ; il appelle alors la méthode
        **réfléchie** de l'opérande de droite, `a.__radd__(1)`. De même `__rmul__` pour
        `2 * a`, `__rsub__` et `__rtruediv__`.
        """,
        """
        In the drawing, `a` and `b` each send two arrows: one to `*`, one to `+`. Their
        gradient is the sum of what comes back along those two paths.

        A practical consequence: leaf gradients also add up from one call of `backward()` to
        the next. Before every new backward pass we will have to reset them to zero (part 7).

        ## 2. Constants and reflected operators

        Writing `a + 1` asks `a.__add__` to accept a plain number: retrograd wraps it in a
        constant `Value`. For `1 + a`, Python first tries `int.__add__(1, a)`, which knows
        nothing about `Value`s; it then calls the **reflected** method of the right operand,
        `a.__radd__(1)`. Likewise `__rmul__` for `2 * a`, `__rsub__` and `__rtruediv__`.
        """,
    ),
    code(
        """
        a = Value(2.0)
        print(a + 1, a * 3)
        print(1 + a, 3 * a)
        print(10 - a, 1 / a)
        """
    ),
    text(
        """
        Sans méthode réfléchie, Python abandonne. Une classe minuscule qui n'a que `__mul__`
        le montre :
        """,
        """
        Without a reflected method, Python gives up. A tiny class with only `__mul__` shows
        it:
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
        ## 3. Exponentielle, puissances, division, soustraction

        Chaque nouvelle opération apporte sa dérivée locale :

        | opération | dérivée locale |
        | --- | --- |
        | $e^x$ (`x.exp()`) | $e^x$ |
        | $x^k$ (`x ** k`, $k$ un nombre) | $k\,x^{k-1}$ |

        La division et la soustraction n'ont pas besoin de code à elles : elles se ramènent
        aux opérations déjà connues, $a / b = a \times b^{-1}$ et $a - b = a + (-1) \times b$.
        Le graphe le montre :
        """,
        r"""
        ## 3. Exponential, powers, division, subtraction

        Every new operation brings its local derivative:

        | operation | local derivative |
        | --- | --- |
        | $e^x$ (`x.exp()`) | $e^x$ |
        | $x^k$ (`x ** k`, $k$ a number) | $k\,x^{k-1}$ |

        Division and subtraction need no code of their own: they reduce to operations we
        already have, $a / b = a \times b^{-1}$ and $a - b = a + (-1) \times b$. The graph
        shows it:
        """,
    ),
    code(
        """
        a = Value(2.0, label="a")
        b = Value(4.0, label="b")
        print("exp(a) =", a.exp().data, "  a**3 =", (a**3).data,
              "  a/b =", (a / b).data, "  a-b =", (a - b).data)

        q = a / b; q.label = "q"
        q.backward()
        print("dq/da = 1/b =", a.grad, "  dq/db = -a/b**2 =", b.grad)
        draw_dot(q)
        """
    ),
    code(
        """
        a = Value(2.0, label="a")
        b = Value(4.0, label="b")
        s = a - b; s.label = "s"
        s.backward()
        print("ds/da =", a.grad, "  ds/db =", b.grad)
        draw_dot(s)
        """
    ),
    text(
        """
        Pour tout vérifier d'un coup, `gradcheck` compare `backward()` avec des pentes
        mesurées (différences centrées) sur une expression qui mélange tout :
        """,
        """
        To check everything at once, `gradcheck` compares `backward()` with measured slopes
        (central differences) on an expression that mixes everything:
        """,
    ),
    code(
        """
        from retrograd.check import gradcheck

        print(gradcheck(lambda a, b: (a / b - a).exp() * b**2 + 3 / a, 2.0, 4.0))
        """
    ),
    text(
        r"""
        ## 4. `tanh` reconstruite avec `exp`

        Reprenons le neurone de la leçon 1 ($x_1 = 2$, $x_2 = 0$, $w_1 = -3$, $w_2 = 1$,
        $b = 6{,}8813735870195432$). D'abord avec l'opération `tanh`, d'un seul bloc :
        """,
        r"""
        ## 4. `tanh` rebuilt from `exp`

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
        opérations de la partie 3. Le graphe est plus long, mais `backward()` le parcourt de
        la même façon :
        """,
        r"""
        Then with the formula $\tanh n = \dfrac{e^{2n} - 1}{e^{2n} + 1}$, written with the
        operations of part 3. The graph is longer, but `backward()` walks it the same way:
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

        ## 5. Le même neurone dans PyTorch

        PyTorch fait la même chose sur des **tenseurs** (des tableaux de nombres) :
        `requires_grad=True` lui demande de garder le graphe, et `.backward()` remplit
        `.grad`. Nous travaillons en `float64`, la précision des nombres Python. Si PyTorch
        n'est pas installé, la cellule dit comment l'installer.
        """,
        """
        The same gradients, up to rounding (the last digit may differ: the two computations do
        not round at the same places). How detailed an operation is, is a choice: what matters
        is knowing its local derivative.

        ## 5. The same neuron in PyTorch

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
            print("PyTorch is not installed; to run this part: pip install torch")

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
            print("bias through float32:", rounded.item())
            print("o =", torch.tanh(2.0 * -3.0 + 0.0 * 1.0 + rounded).item())
        """
    ),
    text(
        r"""
        ## 6. Neurones, couches, réseau

        ### Un neurone

        Un neurone à `nin` entrées a `nin` poids, tirés au hasard entre -1 et 1, et un biais ;
        appelé sur des entrées $x$, il renvoie $\tanh\left(\sum_i w_i x_i + b\right)$.
        Comme dans micrograd, le biais part de 0.
        """,
        r"""
        ## 6. Neurons, layers, network

        ### A neuron

        A neuron with `nin` inputs has `nin` weights, drawn at random between -1 and 1, and a
        bias; called on inputs $x$, it returns $\tanh\left(\sum_i w_i x_i + b\right)$. As in
        micrograd, the bias starts at 0.
        """,
    ),
    code(
        """
        class Neuron:
            def __init__(self, nin):
                self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
                self.b = Value(0)

            def __call__(self, x):
                act = self.b
                for wi, xi in zip(self.w, x):
                    act = act + wi * xi
                return act.tanh()

            def parameters(self):
                return self.w + [self.b]

        random.seed(3)
        neuron = Neuron(3)
        out = neuron([2.0, 3.0, -1.0])
        print(out)
        draw_dot(out)
        """
    ),
    text(
        """
        ### Une couche, puis un réseau

        Une **couche** est une liste de neurones qui lisent tous les mêmes entrées. Un
        **perceptron multicouche** (MLP) enchaîne des couches : les sorties de l'une sont les
        entrées de la suivante. `MLP(3, [4, 4, 1])` a 3 entrées, deux couches cachées de 4
        neurones et un neurone de sortie.
        """,
        """
        ### A layer, then a network

        A **layer** is a list of neurons that all read the same inputs. A **multi-layer
        perceptron** (MLP) chains layers: the outputs of one are the inputs of the next.
        `MLP(3, [4, 4, 1])` has 3 inputs, two hidden layers of 4 neurons and one output
        neuron.
        """,
    ),
    code(
        """
        class Layer:
            def __init__(self, nin, nout):
                self.neurons = [Neuron(nin) for _ in range(nout)]

            def __call__(self, x):
                outs = [n(x) for n in self.neurons]
                return outs[0] if len(outs) == 1 else outs

            def parameters(self):
                return [p for n in self.neurons for p in n.parameters()]


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

        random.seed(3)
        ours = MLP(3, [4, 4, 1])
        print(len(ours.parameters()), "parameters; output:", ours([2.0, 3.0, -1.0]))
        """
    ),
    text(
        """
        `retrograd.nn` a les mêmes classes, avec quelques réglages en plus : le choix de
        l'activation (ReLU par défaut, comme micrograd, dont la dernière couche est linéaire),
        des noms pour les paramètres et des messages clairs en cas d'erreur. Avec `tanh`
        partout et la même graine, il tire les mêmes poids dans le même ordre, donc il donne
        le même nombre :
        """,
        """
        `retrograd.nn` has the same classes, with a few more settings: the choice of
        activation (ReLU by default, as in micrograd, whose last layer is linear), names for
        the parameters and clear error messages. With `tanh` everywhere and the same seed, it
        draws the same weights in the same order, so it gives the same number:
        """,
    ),
    code(
        """
        from retrograd import nn

        random.seed(3)
        model = nn.MLP(3, [4, 4, 1], activation="tanh", output_activation="tanh")
        print(model)
        print(len(model.parameters()), "parameters; output:", model([2.0, 3.0, -1.0]))
        """
    ),
    text(
        """
        Le graphe complet de ce réseau compte 126 nœuds, difficile à lire. `draw_collapsed`
        le dessine avec une boîte par neurone, qui montre la valeur de sa sortie et, après
        `backward()`, la dérivée de la sortie du réseau par rapport à elle :
        """,
        """
        The full graph of this network has 126 nodes, hard to read. `draw_collapsed` draws it
        with one box per neuron, showing the value of its output and, after `backward()`, the
        derivative of the network's output with respect to it:
        """,
    ),
    code(
        """
        from retrograd.graph import draw_collapsed

        out = model([2.0, 3.0, -1.0])
        out.backward()
        draw_collapsed(out, model)
        """
    ),
    text(
        r"""
        ## 7. Apprendre

        ### Les données et la perte

        Quatre exemples de trois nombres chacun, et la sortie voulue pour chacun : 1, -1, -1, 1.
        La **perte** mesure l'écart entre les prédictions et ces cibles ; ici, la somme des
        carrés des erreurs, $\sum_k (\hat y_k - y_k)^2$. Elle vaut 0 seulement si toutes les
        prédictions sont exactes.
        """,
        r"""
        ## 7. Learning

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
        errors = [(yp - y) ** 2 for yp, y in zip(ypred, ys)]
        loss = sum(errors)
        print("predictions:", [round(yp.data, 4) for yp in ypred])
        print("squared errors:", [round(err.data, 4) for err in errors])
        print("loss:", loss.data)
        """
    ),
    text(
        """
        ### Un pas de descente de gradient

        `loss.backward()` donne le gradient de la perte par rapport à **chacun** des 41
        paramètres. Le gradient indique le sens qui fait monter la perte : on déplace donc
        chaque paramètre d'un petit pas (le **taux d'apprentissage**, 0,1) dans le sens
        opposé. On remet d'abord les gradients à zéro, sinon ils s'ajouteraient à ceux de la
        passe précédente (partie 1).
        """,
        """
        ### One step of gradient descent

        `loss.backward()` gives the gradient of the loss with respect to **each** of the 41
        parameters. The gradient points in the direction that raises the loss, so we move
        every parameter a small step (the **learning rate**, 0.1) the opposite way. We first
        reset the gradients to zero, or they would add up with those of the previous pass
        (part 1).
        """,
    ),
    code(
        """
        def training_step(learning_rate=0.1):
            ypred = [model(x) for x in xs]
            loss = sum((yp - y) ** 2 for yp, y in zip(ypred, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= learning_rate * p.grad
            return loss.data

        print("loss before the step:", training_step())
        print("loss after the step: ", sum((model(x) - y) ** 2 for x, y in zip(xs, ys)).data)
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
        for step in range(50):
            history["loss"].append(training_step())
            if step % 10 == 0 or step == 49:
                print(f"step {step:2d}: loss {history['loss'][-1]:.6f}")

        print("predictions:", [round(model(x).data, 4) for x in xs])
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
        - Entraîner un réseau : passe avant, perte, zéro, `backward()`, un petit pas contre le
          gradient, et recommencer.
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
