"""From neurons to matrices: a Layer becomes a Linear, why it is faster, the gradient
of a matrix product by hand, and the digits trained in seconds (issue 13)."""

from cells import Notebook, code, exercise, text

CELLS = (
    text(
        """
        # Des neurones aux matrices

        *Ce notebook vient après les leçons et le TP : il montre ce que font des bibliothèques
        comme PyTorch pour calculer vite, avec les outils que vous connaissez déjà.*

        Dans les leçons, chaque poids est une `Value`, et chaque multiplication par un poids
        ajoute un nœud au graphe. C'est idéal pour voir la rétropropagation nombre par nombre,
        mais un réseau de quelques milliers de poids produit alors, sur un lot de quelques
        images, un graphe de plus de cent mille nœuds. Le plan :

        1. une couche de neurones devient une seule matrice, avec les mêmes nombres ;
        2. pourquoi c'est plus rapide : les nœuds comptés, les temps mesurés ;
        3. le gradient d'un produit de matrices, calculé à la main puis vérifié ;
        4. à vous : les gradients d'une couche, en trois lignes de numpy ;
        5. un réseau qui apprend à reconnaître les chiffres manuscrits en quelques secondes.

        Dans la version « exercices » de ce notebook, la cellule marquée **À vous** est à
        compléter ; la cellule qui la suit dit ce qui est juste et ce qui ne l'est pas encore.
        """,
        """
        # From neurons to matrices

        *This notebook comes after the lessons and the lab: it shows what libraries such as
        PyTorch do to run fast, with the tools you already know.*

        In the lessons, every weight is a `Value`, and every multiplication by a weight adds a
        node to the graph. That is ideal to watch backpropagation number by number, but a
        network of a few thousand weights then makes, on a batch of a few images, more than a
        hundred thousand nodes. The plan:

        1. a layer of neurons becomes a single matrix, with the same numbers;
        2. why this is faster: the nodes counted, the times measured;
        3. the gradient of a matrix product, worked out by hand, then checked;
        4. your turn: the gradients of a layer, in three lines of numpy;
        5. the handwritten digits learnt in a few seconds.

        In the "exercises" version of this notebook, the cell marked **Your turn** is yours to
        complete; the cell after it says what is right and what is not yet.
        """,
    ),
    code(
        """
        from retrograd.language import say, set_language

        set_language("@lang@")

        import random
        import time
        import timeit

        import matplotlib.pyplot as plt
        import numpy as np

        from retrograd import MLP, DenseMLP, Layer, Linear, Value, topological_order
        from retrograd.graph import draw_dot

        %matplotlib inline
        """
    ),
    text(
        r"""
        ## 1. Une couche, une matrice

        Une couche de `nout` neurones lit les mêmes `nin` entrées. Le neurone $j$ calcule
        $y_j = \tanh\big(\sum_k w_{jk}\, x_k + b_j\big)$. Rangeons les poids du neurone $j$
        dans la ligne $j$ d'une matrice $W$ de forme `(nout, nin)`, et les biais dans un
        vecteur $b$ : toute la couche s'écrit $y = \tanh(W x + b)$, où $\tanh$ s'applique à
        chaque composante.

        `retrograd.nn.Linear(nin, nout)` est cette couche : une seule `Value` pour la matrice
        (`weight`), une autre pour les biais (`bias`). Elle tire ses poids au hasard dans le
        même ordre que `Layer`, neurone après neurone : avec la même graine, les deux couches
        reçoivent les mêmes poids.
        """,
        r"""
        ## 1. A layer, a matrix

        A layer of `nout` neurons reads the same `nin` inputs. Neuron $j$ computes
        $y_j = \tanh\big(\sum_k w_{jk}\, x_k + b_j\big)$. Let us put the weights of neuron $j$
        in row $j$ of a matrix $W$ of shape `(nout, nin)`, and the biases in a vector $b$: the
        whole layer reads $y = \tanh(W x + b)$, where $\tanh$ applies to each component.

        `retrograd.nn.Linear(nin, nout)` is that layer: a single `Value` for the matrix
        (`weight`), another one for the biases (`bias`). It draws its weights at random in the
        same order as `Layer`, neuron after neuron: after the same seed, both layers hold the
        same numbers.
        """,
    ),
    code(
        """
        random.seed(0)
        layer = Layer(3, 2, activation="tanh")
        random.seed(0)
        linear = Linear(3, 2, activation="tanh")
        print(layer)
        print(linear)

        for j, neuron in enumerate(layer.neurons):
            print(say(fr=f"neurone {j}", en=f"neuron {j}"), "w =", [round(w.data, 4) for w in neuron.w],
                  f"   weight[{j}] =", linear.weight.data[j].round(4))
        print("bias =", linear.bias.data, "  b =", [n.b.data for n in layer.neurons])
        """
    ),
    text(
        r"""
        Avec plusieurs échantillons, on les range eux aussi dans une matrice $X$ de forme
        `(n, nin)`, un échantillon par ligne. La couche calcule alors
        $Y = \tanh(X W^\top + b)$ : la ligne $i$ de $Y$ est la sortie de la couche pour
        l'échantillon $i$, et $b$ est ajouté à chaque ligne (numpy « diffuse » le vecteur sur
        les lignes : c'est le *broadcasting*). `Layer` doit être appelée une fois par
        échantillon ; `Linear` les prend tous d'un coup.
        """,
        r"""
        With several samples, we put them in a matrix too: $X$, of shape `(n, nin)`, one sample
        per row. The layer then computes $Y = \tanh(X W^\top + b)$: row $i$ of $Y$ is the
        layer's output for sample $i$, and $b$ is added to every row (numpy *broadcasts* the
        vector over the rows). `Layer` must be called once per sample; `Linear` takes them all
        at once.
        """,
    ),
    code(
        """
        X = np.array([[0.5, -1.0, 2.0],
                      [1.0, 0.0, -0.5],
                      [-2.0, 1.5, 0.3],
                      [0.1, 0.2, 0.3]])

        one_by_one = np.array([[out.data for out in layer(list(sample))] for sample in X])
        all_at_once = linear(X).data
        print(say(fr="Layer, un échantillon après l'autre :", en="Layer, one sample after another:"))
        print(one_by_one)
        print(say(fr="Linear, tous les échantillons d'un coup :", en="Linear, all the samples at once:"))
        print(all_at_once)
        print(say(fr="plus grand écart :", en="largest difference:"), np.abs(one_by_one - all_at_once).max())
        print(say(fr="égales à 1e-12 près :", en="equal to 1e-12:"),
              np.allclose(one_by_one, all_at_once, rtol=0, atol=1e-12))
        """
    ),
    text(
        """
        Les deux calculs ne font pas les additions dans le même ordre, d'où un écart qui
        touche au plus le dernier chiffre d'un flottant.

        Il en va de même pour un réseau entier : `DenseMLP(nin, nouts)` prend les mêmes
        arguments que `MLP` et crée une couche `Linear` par couche de neurones.
        `DenseMLP.from_mlp` recopie les poids d'un `MLP` existant, `to_mlp` fait le chemin
        inverse ; les deux conversions sont exactes. Prenons le réseau des chiffres
        manuscrits de la partie 5 ci-dessous : 64 pixels en
        entrée, 32 neurones cachés, 10 sorties (une par chiffre).
        """,
        """
        The two computations do not add in the same order, hence a difference in the last
        digit of a float, at most.

        The same goes for a whole network: `DenseMLP(nin, nouts)` takes the same arguments as
        `MLP` and makes one `Linear` layer per layer of neurons. `DenseMLP.from_mlp` copies
        the weights of an existing `MLP`, `to_mlp` goes the other way; both conversions are
        exact. Let us take the network of the handwritten digits of part 5 below: 64 pixels
        in, 32 hidden neurons, 10 outputs (one per digit).

        """,
    ),
    code(
        """
        random.seed(1)
        mlp = MLP(64, [32, 10])
        dense = DenseMLP.from_mlp(mlp)
        print(dense)
        print(say(fr=f"MLP : {len(mlp.parameters())} Value d'un nombre chacune",
                  en=f"MLP: {len(mlp.parameters())} Values of one number each"))
        print(say(fr=f"DenseMLP : {len(dense.parameters())} Value, de formes",
                  en=f"DenseMLP: {len(dense.parameters())} Values, of shapes"),
              [p.data.shape for p in dense.parameters()])

        back = dense.to_mlp()
        print(say(fr="aller et retour, les mêmes nombres exactement :",
                  en="there and back, exactly the same numbers:"),
              all(p.data == q.data for p, q in zip(mlp.parameters(), back.parameters())))
        random.seed(1)
        fresh = DenseMLP(64, [32, 10])
        print(say(fr="DenseMLP tiré avec la même graine, les mêmes nombres :",
                  en="DenseMLP drawn after the same seed, the same numbers:"),
              all(np.array_equal(p.data, q.data)
                  for p, q in zip(fresh.parameters(), dense.parameters())))
        """
    ),
    text(
        """
        ## 2. Pourquoi c'est plus rapide

        Les données de la partie 5 : 1\u00a0797 images de chiffres manuscrits de 8\u00a0×\u00a08 pixels,
        chaque pixel ramené entre 0 et 1, soit 64 entrées par image. `retrograd.data` les
        charge (ce sont celles de scikit-learn) et les partage en données d'entraînement
        (les trois quarts) et données de test, qui ne servent qu'à mesurer le résultat.
        """,
        """
        ## 2. Why it is faster

        The data of part 5: 1,797 images of handwritten digits, 8 × 8 pixels, each pixel
        scaled to between 0 and 1, that is 64 inputs per image. `retrograd.data` loads them
        (they are scikit-learn's) and splits them into training data (three quarters) and test
        data, used only to measure the result.
        """,
    ),
    code(
        """
        from retrograd.data import load_digits, train_test_split
        from retrograd.losses import cross_entropy

        X_digits, y_digits = load_digits()
        X_train, X_test, y_train, y_test = train_test_split(X_digits, y_digits, test_size=0.25,
                                                            random_state=0)
        print(say(fr="entraînement", en="training"), X_train.shape, " test", X_test.shape)

        fig, axes = plt.subplots(1, 10, figsize=(10, 1.3))
        for ax, image, digit in zip(axes, X_train, y_train):
            ax.imshow(image.reshape(8, 8), cmap="gray_r")
            ax.set_title(str(digit))
            ax.axis("off")
        plt.show()
        """
    ),
    text(
        """
        Un pas d'entraînement sur un lot de 16 images, de trois façons qui donnent les mêmes
        nombres :

        - **un graphe par image**, comme dans les leçons : le `MLP` reçoit une liste de 64
          nombres, une image à la fois ;
        - **un lot de scalaires**, comme dans le notebook 5 : chaque pixel d'entrée est une
          `Value` qui porte ses 16 valeurs, une par image, mais chaque poids reste une
          `Value` d'un seul nombre ;
        - **des matrices** : le `DenseMLP` reçoit le tableau `(16, 64)` d'un coup.

        La perte est l'entropie croisée sur les 10 sorties (`cross_entropy`). Comptons les
        nœuds du graphe dans chaque cas, et comparons les gradients des poids.
        """,
        """
        One training step on a batch of 16 images, in three ways that give the same numbers:

        - **one graph per image**, as in the lessons: the `MLP` receives a list of 64 numbers,
          one image at a time;
        - **a batch of scalars**, as in notebook 5: each input pixel is a `Value` that carries
          its 16 values, one per image, but each weight stays a `Value` of one number;
        - **matrices**: the `DenseMLP` receives the `(16, 64)` array at once.

        The loss is the cross-entropy over the 10 outputs (`cross_entropy`). Let us count the
        nodes of the graph of each way, and compare the gradients of the weights.
        """,
    ),
    code(
        """
        images, digits = X_train[:16], y_train[:16]


        def one_graph_per_image():
            mlp.zero_grad()
            loss = cross_entropy([mlp(list(image)) for image in images], digits)
            loss.backward()
            return loss


        def batch_of_scalars():
            mlp.zero_grad()
            loss = cross_entropy(mlp([Value(pixels) for pixels in images.T]), digits)
            loss.backward()
            return loss


        def matrices():
            dense.zero_grad()
            loss = cross_entropy(dense(images), digits)
            loss.backward()
            return loss


        ways = {say(fr="un graphe par image", en="one graph per image"): one_graph_per_image,
                say(fr="un lot de scalaires", en="a batch of scalars"): batch_of_scalars,
                say(fr="des matrices", en="matrices"): matrices}
        for name, step in ways.items():
            loss = step()
            print(f"{name:20}  {say(fr='perte', en='loss')} {loss.data:.12f}, "
                  f"{len(topological_order(loss)):6d} {say(fr='nœuds', en='nodes')}")

        gradients = np.array([p.grad for p in mlp.parameters()])
        dense_gradients = np.concatenate([np.column_stack([linear.weight.grad, linear.bias.grad]).ravel()
                                          for linear in dense.layers])
        print(say(fr="mêmes gradients (à 1e-12 près) :", en="same gradients (to 1e-12):"),
              np.allclose(gradients, dense_gradients, rtol=0, atol=1e-12))
        """
    ),
    text(
        """
        Un graphe par image compte deux nœuds par poids et par image (un produit, une somme) :
        plus de cent mille nœuds pour 16 images. Le lot de scalaires n'en compte plus
        qu'environ trois par poids, quel que soit le nombre d'images. Les matrices comptent une
        poignée de nœuds par **couche** : 20 nœuds, quels que soient le nombre d'images et la
        largeur des couches.

        Le temps de calcul en découle. Pour chaque nœud, Python crée un objet, puis
        `backward()` le visite : c'est ce travail par nœud qui coûte. Avec des matrices, les
        16\u00a0×\u00a064\u00a0×\u00a032 multiplications de la première couche sont faites par **un seul** appel à
        numpy, dans une boucle compilée. Mesurons un pas de chaque façon avec `timeit` (le meilleur de
        trois essais, pour écarter les à-coups de la machine) :
        """,
        """
        One graph per image makes two nodes per weight and per image (a product, a sum): more
        than a hundred thousand nodes for 16 images. The batch of scalars makes only about
        three per weight, whatever the number of images. Matrices make a handful of nodes per
        **layer**: 20 nodes, whatever the number of images and the width of the layers.

        The time follows. For every node, Python creates an object, then `backward()` visits
        it: this work per node is what costs. With matrices, the 16 × 64 × 32 multiplications of
        the first layer are done by **a single** call to numpy, in a compiled loop. Let us time
        one step of each way with `timeit` (the best of three tries, to leave out the
        machine's hiccups):
        """,
    ),
    code(
        """
        seconds = {name: min(timeit.repeat(step, number=number, repeat=3)) / number
                   for (name, step), number in zip(ways.items(), [1, 4, 40])}

        fig, ax = plt.subplots(figsize=(7, 2.2))
        ax.barh(list(seconds), [1000 * s for s in seconds.values()], color=["C3", "C1", "C2"])
        for k, s in enumerate(seconds.values()):
            ax.text(1000 * s, k, f" {1000 * s:.2f} ms", va="center")
        ax.set_xscale("log")
        ax.set_xlim(0.1, 20000)
        ax.invert_yaxis()
        ax.set_xlabel(say(fr="durée d'un pas (ms, échelle logarithmique)",
                          en="time of one step (ms, log scale)"))
        plt.show()

        slowest, fastest = max(seconds.values()), min(seconds.values())
        print(say(fr="les matrices plus de 100 fois plus rapides qu'un graphe par image :",
                  en="matrices more than 100 times faster than one graph per image:"),
              slowest > 100 * fastest)
        """
    ),
    text(
        r"""
        ## 3. Le gradient d'un produit de matrices, à la main

        `backward()` doit maintenant savoir rétropropager à travers un produit de matrices.
        Prenons $Y = X W^\top$, avec $X$ de forme `(n, nin)` et $W$ de forme `(nout, nin)` ;
        $Y$ a la forme `(n, nout)` et

        $$Y_{ij} = \sum_k X_{ik} W_{jk}.$$

        Une perte $L$, un nombre, est calculée à partir de $Y$. La rétropropagation arrive au
        nœud $Y$ avec son gradient, que nous notons $G$ : une matrice de la forme de $Y$,
        $G_{ij} = \partial L / \partial Y_{ij}$.

        **Le gradient de $W$.** Le poids $W_{jk}$ intervient dans la colonne $j$ de $Y$, à
        chaque ligne $i$, multiplié par $X_{ik}$ : $\partial Y_{ij} / \partial W_{jk} = X_{ik}$.
        La règle de la chaîne (dérivation des fonctions composées) additionne les
        contributions de tous les endroits où il intervient :

        $$\frac{\partial L}{\partial W_{jk}} = \sum_i \frac{\partial L}{\partial Y_{ij}}
        \frac{\partial Y_{ij}}{\partial W_{jk}} = \sum_i G_{ij} X_{ik} = (G^\top X)_{jk}.$$

        **Le gradient de $X$.** De même, $X_{ik}$ intervient dans la ligne $i$, à chaque
        colonne $j$, multiplié par $W_{jk}$ :

        $$\frac{\partial L}{\partial X_{ik}} = \sum_j G_{ij} W_{jk} = (G W)_{ik}.$$

        Soit, pour $Y = X W^\top$ :

        $$\frac{\partial L}{\partial W} = G^\top X \qquad \frac{\partial L}{\partial X} = G W$$

        Les formes le confirment : $G^\top X$ est un produit `(nout, n)` × `(n, nin)`, de la
        forme de $W$ ; $G W$ est un produit `(n, nout)` × `(nout, nin)`, de la forme de $X$.
        C'est la règle de la multiplication de la leçon 1 (le gradient d'un facteur est
        l'autre facteur fois le gradient reçu), avec des matrices qu'il faut transposer pour
        que les formes s'accordent. La somme sur les échantillons $i$ est l'accumulation de la
        leçon 2 (`+=`) : un poids reçoit une contribution par échantillon.

        **Le biais.** Dans $Y = X W^\top + b$, $b_j$ est ajouté à chaque ligne :
        $\partial L / \partial b_j = \sum_i G_{ij}$, la somme de $G$ sur les échantillons.
        C'est la règle de toute opération diffusée : le gradient est ramené à la forme de
        l'opérande en sommant sur les axes où il a été recopié.
        """,
        r"""
        ## 3. The gradient of a matrix product, by hand

        `backward()` must now know how to backpropagate through a matrix product. Take
        $Y = X W^\top$, with $X$ of shape `(n, nin)` and $W$ of shape `(nout, nin)`; $Y$ has
        shape `(n, nout)` and

        $$Y_{ij} = \sum_k X_{ik} W_{jk}.$$

        A loss $L$, a number, is computed from $Y$. Backpropagation reaches the node $Y$ with
        its gradient, which we call $G$: a matrix of the shape of $Y$,
        $G_{ij} = \partial L / \partial Y_{ij}$.

        **The gradient of $W$.** The weight $W_{jk}$ appears in column $j$ of $Y$, in every row
        $i$, multiplied by $X_{ik}$: $\partial Y_{ij} / \partial W_{jk} = X_{ik}$. The chain
        rule adds up the contributions of every place where it appears:

        $$\frac{\partial L}{\partial W_{jk}} = \sum_i \frac{\partial L}{\partial Y_{ij}}
        \frac{\partial Y_{ij}}{\partial W_{jk}} = \sum_i G_{ij} X_{ik} = (G^\top X)_{jk}.$$

        **The gradient of $X$.** Likewise, $X_{ik}$ appears in row $i$, in every column $j$,
        multiplied by $W_{jk}$:

        $$\frac{\partial L}{\partial X_{ik}} = \sum_j G_{ij} W_{jk} = (G W)_{ik}.$$

        That is, for $Y = X W^\top$:

        $$\frac{\partial L}{\partial W} = G^\top X \qquad \frac{\partial L}{\partial X} = G W$$

        The shapes agree: $G^\top X$ is a product `(nout, n)` × `(n, nin)`, of the shape of
        $W$; $G W$ is a product `(n, nout)` × `(nout, nin)`, of the shape of $X$. This is the
        multiplication rule of lesson 1 (the gradient of one factor is the other factor times
        the gradient received), with matrices that must be transposed for the shapes to fit.
        The sum over the samples $i$ is the accumulation of lesson 2 (`+=`): a weight receives
        one contribution per sample.

        **The bias.** In $Y = X W^\top + b$, $b_j$ is added to every row:
        $\partial L / \partial b_j = \sum_i G_{ij}$, the sum of $G$ over the samples. This is
        the rule of every broadcast operation: the gradient is brought back to the operand's
        shape by summing over the axes along which it was copied.
        """,
    ),
    text(
        r"""
        Vérifions sur un petit exemple : 4 échantillons, 3 entrées, 2 sorties, et pour perte
        l'erreur quadratique moyenne entre $Y$ et des cibles $T$,
        $L = \frac{1}{8} \sum_{ij} (Y_{ij} - T_{ij})^2$. Son gradient par rapport à $Y$ se
        calcule à la main : $G = \frac{2}{8}(Y - T)$.
        """,
        r"""
        Let us check on a small example: 4 samples, 3 inputs, 2 outputs, and as the loss the
        mean squared error between $Y$ and targets $T$,
        $L = \frac{1}{8} \sum_{ij} (Y_{ij} - T_{ij})^2$. Its gradient with respect to $Y$ is
        worked out by hand: $G = \frac{2}{8}(Y - T)$.
        """,
    ),
    code(
        """
        rng = np.random.default_rng(0)
        X = Value(rng.normal(size=(4, 3)), label="X")
        W = Value(rng.normal(size=(2, 3)), label="W")
        T = rng.normal(size=(4, 2))

        Y = X @ W.T
        Y.label = "Y"
        L = ((Y - T) ** 2).mean()
        L.label = "L"
        L.backward()

        G = 2 * (Y.data - T) / Y.data.size
        print("G^T X =")
        print(G.T @ X.data)
        print("W.grad =")
        print(W.grad)
        print(say(fr="plus grand écart, dL/dW :", en="largest difference, dL/dW:"),
              np.abs(G.T @ X.data - W.grad).max())
        print(say(fr="plus grand écart, dL/dX :", en="largest difference, dL/dX:"),
              np.abs(G @ W.data - X.grad).max())
        """
    ),
    text(
        """
        Le graphe de cette perte tient en quelques nœuds, chacun portant une matrice entière
        (les cases n'en montrent que les premiers nombres) :
        """,
        """
        The graph of this loss fits in a few nodes, each carrying a whole matrix (the boxes
        show only its first numbers):
        """,
    ),
    code(
        """
        draw_dot(L, rankdir="TB", digits=2)
        """
    ),
    text(
        r"""
        Il reste à comparer avec une mesure qui ne doit rien à la rétropropagation : les
        différences centrées, $\big(L(w + h) - L(w - h)\big) / 2h$, un poids à la fois.
        `retrograd.check.gradcheck(f, *nombres)` les calcule : elle passe les nombres à la
        fonction `f`, sous forme de `Value`, `f` en calcule $L$, et `gradcheck` compare les
        gradients de `backward()` aux différences centrées. Donnons-lui les 6 poids de $W$,
        et une fonction qui recalcule $Y$ comme le font les neurones, poids par poids.
        """,
        r"""
        It remains to compare with a measurement that owes nothing to backpropagation: central
        differences, $\big(L(w + h) - L(w - h)\big) / 2h$, one weight at a time.

        `retrograd.check.gradcheck(f, *numbers)` computes them: it takes numbers and a function
        that computes $L$ from those numbers, turned into `Value`s, and compares the gradients
        of `backward()` with the central differences. Let us give it the 6 weights of $W$, and
        a function that computes $Y$ again as neurons do, weight by weight.
        """,
    ),
    code(
        """
        from retrograd.check import gradcheck


        def loss_of_weights(*w):
            rows = [w[0:3], w[3:6]]
            Y = [[sum(wk * float(xk) for wk, xk in zip(row, sample)) for row in rows]
                 for sample in X.data]
            return sum((Y[i][j] - float(T[i, j])) ** 2 for i in range(4) for j in range(2)) / 8


        report = gradcheck(loss_of_weights, *W.data.ravel(),
                           names=[f"W[{j},{k}]" for j in range(2) for k in range(3)])
        print(report)
        central = np.array(report.numeric).reshape(W.data.shape)
        print(say(fr="différences centrées :", en="central differences:"))
        print(central)
        print(say(fr="plus grand écart avec G^T X :", en="largest difference with G^T X:"),
              f"{np.abs(central - G.T @ X.data).max():.0e}")
        """
    ),
    text(
        """
        La formule à la main, le gradient de `backward()` et les différences centrées
        concordent. Les différences centrées ne sont justes qu'à $10^{-10}$ près environ : elles
        divisent par $2h$ un écart entre deux pertes presque égales, où les arrondis pèsent.

        ## 4. À vous : les gradients d'une couche

        **À vous** : pour une couche $Y = X W^\\top + b$ qui reçoit de l'aval le gradient `G`,
        écrivez avec numpy (`@`, `.T`, `.sum(axis=...)`) les trois fonctions :
        - `grad_W(G, X)`, le gradient de la perte par rapport à `W`, de forme `(nout, nin)` ;
        - `grad_X(G, W)`, le gradient par rapport à `X`, de forme `(n, nin)` ;
        - `grad_b(G)`, le gradient par rapport à `b`, de forme `(nout,)`.

        La cellule suivante les essaie sur des matrices tirées au hasard et les compare à ce
        que calcule `backward()`.
        """,
        """
        The formula by hand, the gradient of `backward()` and the central differences agree
        agree. Central differences are only right to about $10^{-10}$: they divide by $2h$ a
        difference between two nearly equal losses, where rounding weighs.

        ## 4. Your turn: the gradients of a layer

        **Your turn**: for a layer $Y = X W^\\top + b$ whose received gradient is `G`, write
        with numpy (`@`, `.T`, `.sum(axis=...)`) the three functions:
        - `grad_W(G, X)`, the gradient of the loss with respect to `W`, of shape
          `(nout, nin)`;
        - `grad_X(G, W)`, the gradient with respect to `X`, of shape `(n, nin)`;
        - `grad_b(G)`, the gradient with respect to `b`, of shape `(nout,)`.

        The next cell tries them on matrices drawn at random and compares them with what
        `backward()` computes.
        """,
    ),
    exercise(
        """
        def grad_W(G, X):
            return G.T @ X


        def grad_X(G, W):
            return G @ W


        def grad_b(G):
            return G.sum(axis=0)
        """,
        """
        def grad_W(G, X):
            ...


        def grad_X(G, W):
            ...


        def grad_b(G):
            ...
        """,
    ),
    code(
        """
        from retrograd.course.matrices import check_layer_gradients

        check_layer_gradients(grad_W, grad_X, grad_b)
        """
    ),
    text(
        """
        ## 5. Reconnaître les chiffres, en quelques secondes d'entraînement

        Entraînons le `DenseMLP(64, [32, 10])` de la partie 1 (la même graine donne les mêmes
        poids de départ) sur les 1\u00a0347 images d'entraînement, par mini-lots de 64 images
        tirés au hasard, avec l'optimiseur Adam (voir le notebook 5).
        La boucle s'écrit, ligne pour ligne, comme avec PyTorch :

        - `model(images)` calcule les sorties (la passe avant) ;
        - `cross_entropy(...)` calcule la perte ;
        - `optimizer.zero_grad()` remet les gradients à zéro ;
        - `loss.backward()` calcule les gradients (la passe arrière) ;
        - `optimizer.step()` met les poids à jour.

        Après chaque époque (un passage sur toutes les images d'entraînement), nous mesurons
        l'**exactitude** sur les images de test : la part des images dont la sortie la plus
        grande est celle du bon chiffre.
        """,
        """
        ## 5. The digits, learnt in a few seconds

        Let us train the `DenseMLP(64, [32, 10])` of part 1 (the same seed gives the same
        starting weights) on the 1,347 training images, in mini-batches of 64 images drawn at
        random, with the Adam optimizer (see notebook 5). The loop is written with PyTorch's
        words, line for line:
        - `model(images)` computes the outputs (the forward pass);
        - `cross_entropy(...)` computes the loss;
        - `optimizer.zero_grad()` resets the gradients to zero;
        - `loss.backward()` computes the gradients (the backward pass);
        - `optimizer.step()` updates the weights.

        After each epoch (one pass over all the training images), we measure the **accuracy**
        on the test images: the share of images whose largest output is that of the right
        digit.
        """,
    ),
    code(
        """
        from retrograd.data import minibatches
        from retrograd.optim import Adam


        def test_accuracy(model):
            return np.mean(model(X_test).data.argmax(axis=1) == y_test)


        random.seed(1)
        model = DenseMLP(64, [32, 10])
        optimizer = Adam(model.parameters(), lr=0.01)
        shuffle = np.random.RandomState(0)

        start = time.perf_counter()
        accuracies = []
        for epoch in range(1, 21):
            total = 0.0
            for images, digits in minibatches(X_train, y_train, 64, random_state=shuffle):
                loss = cross_entropy(model(images), digits)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total += loss.data * len(digits)
            accuracies.append(test_accuracy(model))
            if epoch % 5 == 0:
                print(f"{say(fr='époque', en='epoch')} {epoch:2d}, "
                      f"{say(fr='perte', en='loss')} {total / len(y_train):.4f}, "
                      f"{say(fr='exactitude en test', en='test accuracy')} {accuracies[-1]:.1%}")
        elapsed = time.perf_counter() - start
        print(say(fr="entraîné en moins de 10 secondes :", en="trained in under 10 seconds:"),
              elapsed < 10)
        """
    ),
    code(
        """
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.plot(range(1, 21), [100 * a for a in accuracies], marker="o")
        ax.set_xlabel(say(fr="époque", en="epoch"))
        ax.set_ylabel(say(fr="exactitude en test (%)", en="test accuracy (%)"))
        ax.set_title(say(fr=f"20 époques en {elapsed:.2f} s", en=f"20 epochs in {elapsed:.2f} s"))
        ax.grid(alpha=0.3)
        plt.show()
        """
    ),
    text(
        """
        Et les images sur lesquelles le réseau se trompe encore ? Voici les premières, avec le
        chiffre prédit et le bon :
        """,
        """
        And the images the network still gets wrong? Here are the first ones, with the digit
        predicted and the right one:
        """,
    ),
    code(
        """
        predicted = model(X_test).data.argmax(axis=1)
        wrong = np.flatnonzero(predicted != y_test)
        print(say(fr=f"{len(wrong)} erreurs sur {len(y_test)} images de test",
                  en=f"{len(wrong)} mistakes out of {len(y_test)} test images"))

        fig, axes = plt.subplots(1, 8, figsize=(10, 1.6))
        for ax, k in zip(axes, wrong):
            ax.imshow(X_test[k].reshape(8, 8), cmap="gray_r")
            ax.set_title(say(fr=f"{predicted[k]} au lieu de {y_test[k]}",
                             en=f"{predicted[k]}, not {y_test[k]}"), fontsize=9)
            ax.axis("off")
        plt.show()
        """
    ),
    text(
        """
        ## À retenir

        - Une couche de neurones est un produit de matrices : `Linear` range les poids de
          `Layer` dans une matrice, ligne par ligne, et calcule les mêmes nombres.
        - Le graphe n'a plus des nœuds pour chaque poids et chaque échantillon, mais une
          poignée de nœuds par couche : numpy fait les multiplications d'un coup, dans du
          code compilé.
        - Pour $Y = X W^\\top$ et $G = \\partial L / \\partial Y$ :
          $\\partial L / \\partial W = G^\\top X$ et $\\partial L / \\partial X = G W$ ; le
          gradient d'un biais est la somme de $G$ sur les échantillons.
        - Quelle forme utiliser ? Un graphe par échantillon pour voir et dessiner chaque
          nombre, comme dans les leçons ; un lot de scalaires pour entraîner vite les petits
          réseaux des leçons avec le même code ; des matrices dès que le réseau grandit.
        """,
        """
        ## Key points

        - A layer of neurons is a matrix product: `Linear` puts the weights of `Layer` in a
          matrix, row by row, and computes the same numbers.
        - The graph no longer has nodes for every weight and every sample, but a handful of
          nodes per layer: numpy does the multiplications at once, in compiled code.

        - For $Y = X W^\\top$ and $G = \\partial L / \\partial Y$:
          $\\partial L / \\partial W = G^\\top X$ and $\\partial L / \\partial X = G W$; the
          gradient of a bias is the sum of $G$ over the samples.
        - Which form to use? One graph per sample to see and draw every number, as in the
          lessons; a batch of scalars to train the lessons' small networks fast with the same
          code; matrices as soon as the network grows.
        """,
    ),
)

NOTEBOOK = Notebook(6, "des_neurones_aux_matrices", "from_neurons_to_matrices", CELLS)
