"""The lab (TP): tasks 1 to 10, with retrograd.

The full notebook solves every task; its exercise version (``exercises/``)
leaves the code of each task to the student, and a check cell after each task
(``retrograd.course.lab.check_task``) says what is right and what is not yet.
``retrograd lab grade`` runs handed-in exercise notebooks and scores those
checks.
"""

from cells import Notebook, answer, code, exercise, text

CELLS = (
    text(
        """
        # TP — comprendre le calcul du gradient

        Dans ce TP, vous prenez en main une bibliothèque de rétropropagation du gradient :
        d'abord un perceptron, puis un petit réseau qui apprend à séparer deux nuages de points
        en forme de lunes. Le sujet d'origine utilise micrograd ; retrograd offre la même
        interface : en remplaçant `from micrograd...` par `from retrograd...`, on obtient les
        mêmes nombres.

        **Version à compléter.** Le dossier `exercises/` contient ce notebook sans les
        solutions : à chaque tâche, une cellule de code est à écrire, et la cellule suivante,
        `check_task(...)`, vérifie votre travail. Elle dit ce qui est juste et ce qui ne l'est
        pas encore, sans donner la réponse. Exécutez les cellules dans l'ordre, depuis le
        début.

        ## Ressources

        - [Git](https://git-scm.com/about), et [GitLab](https://about.gitlab.com/), la
          plateforme web qui héberge les dépôts, pour versionner et rendre votre travail ;
        - [pyenv](https://github.com/pyenv/pyenv-installer), pour gérer les versions de
          Python ;
        - [matplotlib](https://matplotlib.org/), pour tracer des données ;
        - [Jupyter](https://jupyter.org/), pour travailler dans un notebook ;
        - [micrograd](https://github.com/karpathy/micrograd), la bibliothèque d'Andrej
          Karpathy dont retrograd reprend l'interface, et son notebook
          [trace_graph.ipynb](https://github.com/karpathy/micrograd/blob/master/trace_graph.ipynb)
          qui dessine le graphe du gradient ;
        - la vidéo [The spelled-out intro to neural networks and backpropagation: building
          micrograd](https://www.youtube.com/watch?v=VMj-3S1tku0), premier épisode de la série
          [Neural Networks: Zero to Hero](https://karpathy.ai/zero-to-hero.html).
        """,
        """
        # Lab — understanding how gradients are computed

        In this lab you get to grips with a backpropagation library: first a perceptron, then
        a small network that learns to separate two clouds of points shaped like moons. The
        original assignment uses micrograd; retrograd offers the same interface: replacing
        `from micrograd...` with `from retrograd...` gives the same numbers.

        **Version to complete.** The `exercises/` folder holds this notebook without the
        solutions: for each task there is a code cell to write, and the next cell,
        `check_task(...)`, checks your work. It says what is right and what is not yet,
        without giving the answer. Run the cells in order, from the top.

        ## Resources

        - [Git](https://git-scm.com/about), and [GitLab](https://about.gitlab.com/), the web
          platform that hosts the repositories, to version your work and hand it in;
        - [pyenv](https://github.com/pyenv/pyenv-installer), to manage Python versions;
        - [matplotlib](https://matplotlib.org/), to plot data;
        - [Jupyter](https://jupyter.org/), to work in a notebook;
        - [micrograd](https://github.com/karpathy/micrograd), Andrej Karpathy's library whose
          interface retrograd follows, and its notebook
          [trace_graph.ipynb](https://github.com/karpathy/micrograd/blob/master/trace_graph.ipynb)
          that draws the gradient graph;
        - the video [The spelled-out intro to neural networks and backpropagation: building
          micrograd](https://www.youtube.com/watch?v=VMj-3S1tku0), first episode of the series
          [Neural Networks: Zero to Hero](https://karpathy.ai/zero-to-hero.html).
        """,
    ),
    text(
        """
        ## Mise en place

        Il faut Python 3.10 ou plus récent, et le programme `dot` de
        [Graphviz](https://graphviz.org/download/) pour dessiner les graphes (`sudo apt-get
        install graphviz` sous Debian ou Ubuntu, `brew install graphviz` sous macOS). Depuis
        un terminal, où `URL` est l'adresse du dépôt de retrograd :

        ```sh
        git clone URL retrograd
        cd retrograd
        python3 -m venv .venv
        .venv/bin/python -m pip install --upgrade pip
        .venv/bin/python -m pip install -e '.[lab]'
        .venv/bin/jupyter lab notebooks/
        ```

        (Sous Windows, `.venv\\Scripts\\python` remplace `.venv/bin/python`.) Avec `make`,
        `make lab` fait tout cela depuis la racine du dépôt. Le paquet installe aussi numpy,
        scikit-learn, matplotlib et graphviz, dont le TP a besoin.

        ## Où lire le code du moteur

        Tout le calcul du gradient est dans `src/retrograd/engine.py`. Chaque opération de
        `Value` (`__add__`, `__mul__`, `__pow__`, `exp`, `tanh`, `relu`, `sigmoid`…) calcule
        son résultat et note, au même moment, la dérivée locale du résultat par rapport à
        chacun de ses opérandes. `Value._backward` multiplie ces dérivées locales par le
        gradient du résultat et les ajoute aux gradients des opérandes : c'est la règle de la
        chaîne (dérivation des fonctions composées). `Value.backward` range les nœuds par
        `topological_order`, de la sortie vers les entrées, et appelle `_backward` sur chacun.
        Chez micrograd, le même mécanisme tient dans
        [quelques lignes de engine.py](https://github.com/karpathy/micrograd/blob/master/micrograd/engine.py#L54-L70),
        avec une fonction `_backward` par opération.

        Ce que la bibliothèque fournit :
        - `Value` garde un nombre et le gradient qui lui est associé ;
        - `Neuron` a un poids par entrée et un biais ;
        - `MLP` empile des couches de neurones : ReLU dans les couches cachées, linéaire en
          sortie.

        Pour obtenir les mêmes résultats que le sujet, on fixe les graines des deux
        générateurs aléatoires : celui de numpy (pour les données) et celui de Python (pour les
        poids).
        """,
        """
        ## Set-up

        You need Python 3.10 or later, and the `dot` program of
        [Graphviz](https://graphviz.org/download/) to draw the graphs (`sudo apt-get install
        graphviz` on Debian or Ubuntu, `brew install graphviz` on macOS). From a terminal,
        where `URL` is the address of retrograd's repository:

        ```sh
        git clone URL retrograd
        cd retrograd
        python3 -m venv .venv
        .venv/bin/python -m pip install --upgrade pip
        .venv/bin/python -m pip install -e '.[lab]'
        .venv/bin/jupyter lab notebooks/
        ```

        (On Windows, `.venv\\Scripts\\python` replaces `.venv/bin/python`.) With `make`,
        `make lab` does all this from the root of the repository. The package also installs
        numpy, scikit-learn, matplotlib and graphviz, which the lab needs.

        ## Where to read the engine's code

        The whole gradient computation is in `src/retrograd/engine.py`. Each operation of
        `Value` (`__add__`, `__mul__`, `__pow__`, `exp`, `tanh`, `relu`, `sigmoid`...) computes
        its result and records, at the same time, the local derivative of the result with
        respect to each of its operands. `Value._backward` multiplies those local derivatives
        by the result's gradient and adds them to the operands' gradients: this is the chain
        rule. `Value.backward` orders the nodes with `topological_order`, from the output to
        the inputs, and calls `_backward` on each one. In micrograd the same mechanism fits in
        [a few lines of engine.py](https://github.com/karpathy/micrograd/blob/master/micrograd/engine.py#L54-L70),
        with one `_backward` function per operation.

        What the library provides:
        - `Value` holds a number and the gradient that goes with it;
        - `Neuron` has one weight per input and a bias;
        - `MLP` stacks layers of neurons: ReLU in the hidden layers, linear at the output.

        To get the same results as the assignment, we fix the seeds of both random
        generators: numpy's (for the data) and Python's (for the weights).
        """,
    ),
    code(
        """
        from retrograd.language import set_language

        set_language("@lang@")

        import math
        import random

        import numpy as np

        from retrograd import MLP, Value, topological_order
        from retrograd.course.lab import check_task
        from retrograd.graph import draw_collapsed, draw_dot
        from retrograd.language import say

        %matplotlib inline

        np.random.seed(42)
        random.seed(42)
        """
    ),
    text(
        """
        ## Tâche 1 — un perceptron

        Créez `model`, un MLP à deux entrées fait d'une seule couche d'un seul neurone : c'est
        un perceptron. Affichez-le avec ses paramètres (`model.parameters()`), puis vérifiez
        que sa sortie pour une entrée $x$ est celle d'un neurone classique, calculée à la main
        à partir des paramètres.
        """,
        """
        ## Task 1 — a perceptron

        Create `model`, an MLP with two inputs made of a single layer of a single neuron: a
        perceptron. Print it with its parameters (`model.parameters()`), then check that its
        output for an input $x$ is that of an ordinary neuron, computed by hand from the
        parameters.
        """,
    ),
    exercise(
        """
        model = MLP(2, [1])
        params = model.parameters()
        print(model)
        print(f"Model has: {len(params)} parameters")
        print("Model parameters are: [")
        print(",\\n".join(repr(p) for p in params))
        print("]")

        w0, w1, b = (p.data for p in params)
        x = [0.888, 0.777]
        print("model(x)          =", model(x).data)
        print("w0*x0 + w1*x1 + b =", b + w0 * x[0] + w1 * x[1])
        """,
        """
        model = ...
        """,
    ),
    code(
        """
        check_task(1, model=model)
        """
    ),
    text(
        """
        **Question : à quoi correspond le dernier paramètre de ce modèle ?**
        """,
        """
        **Question: what is the last parameter of this model?**
        """,
    ),
    answer(
        r"""
        C'est le **biais** $b$ du neurone ; les deux premiers sont les poids $w_0$ et $w_1$,
        un par entrée. Les poids sont tirés au hasard entre $-1$ et $1$, le biais part de 0. Le
        neurone de sortie est linéaire (`LinearNeuron`) : il renvoie $w_0 x_0 + w_1 x_1 + b$,
        sans activation, ce que confirme le calcul à la main.
        """,
        r"""
        It is the neuron's **bias** $b$; the first two are the weights $w_0$ and $w_1$, one
        per input. The weights are drawn at random between -1 and 1, the bias starts at 0. The
        output neuron is linear (`LinearNeuron`): it returns $w_0 x_0 + w_1 x_1 + b$, with no
        activation, as the computation by hand confirms.
        """,
    ),
    text(
        r"""
        ## Tâche 2 — la sigmoïde

        Écrivez la fonction `sigmoid(x)`, qui prend et renvoie un nombre :

        $$\sigma(x) = \frac{1}{1 + e^{-x}}$$

        La sigmoïde transforme un score quelconque en un nombre entre 0 et 1, que l'on lit
        comme une probabilité d'appartenir à la classe 1. Sa dérivée,
        $\sigma(x)\,(1 - \sigma(x))$ (en pointillés sur le tracé), vaut au plus 0,25, en
        $x = 0$.
        """,
        r"""
        ## Task 2 — the sigmoid

        Write the function `sigmoid(x)`, which takes and returns a number:

        $$\sigma(x) = \frac{1}{1 + e^{-x}}$$

        The sigmoid turns any score into a number between 0 and 1, read as the probability of
        belonging to class 1. Its derivative is $\sigma(x)\,(1 - \sigma(x))$ (dashed on the
        plot), at most 0.25, at $x = 0$.
        """,
    ),
    exercise(
        """
        from retrograd.plot import plot_activations


        def sigmoid(x):
            return 1 / (1 + math.exp(-x))


        print(sigmoid(0.0), sigmoid(2.0), sigmoid(-2.0))
        plot_activations(["sigmoid"])
        """,
        """
        def sigmoid(x):
            ...
        """,
    ),
    code(
        """
        check_task(2, sigmoid=sigmoid)
        """
    ),
    text(
        """
        Le sujet applique la sigmoïde **en post-traitement**, sur l'attribut `data` de la
        sortie du modèle : `out.data = sigmoid(out.data)`. C'est ce que nous faisons pour
        retrouver ses résultats. Nous verrons après la tâche 4 ce que cela change pour le
        gradient, et ce que donne la vraie opération `Value.sigmoid()` de retrograd.

        ## Tâche 3 — le graphe du gradient

        Entrée $x = [0{,}888 ; 0{,}777]$, sortie attendue $1$ (la `Value` `target`). Calculez
        `out`, la sortie du modèle passée par la sigmoïde, puis `loss`, l'erreur
        quadratique : le carré de la différence entre `out` et la valeur attendue. Rétropropagez l'erreur
        (`backward`) pour calculer les gradients, et dessinez le graphe avec
        `draw_dot(loss, model=model, rankdir="TB")` (de haut en bas, pour qu'il tienne dans la
        largeur de la page).
        """,
        """
        The assignment applies the sigmoid **as post-processing**, to the `data` attribute of
        the model's output: `out.data = sigmoid(out.data)`. We do the same to get its results.
        After task 4 we will see what this changes for the gradient, and what retrograd's real
        operation `Value.sigmoid()` gives.

        ## Task 3 — the gradient graph

        Input $x = [0.888, 0.777]$, expected output $1$ (the `Value` `target`). Compute `out`,
        the model's output through the sigmoid, then `loss`, the squared error: the square of
        the difference between `out` and the expected value. Propagate the error (`backward`)
        to compute the gradients, and draw the graph with
        `draw_dot(loss, model=model, rankdir="TB")` (top to bottom, so that it fits the width of
        the page).
        """,
    ),
    exercise(
        """
        x = [0.888, 0.777]
        target = Value(1.0, label="y")

        out = model(x)
        out.data = sigmoid(out.data)
        out.label = "out"
        loss = (out - target) ** 2
        loss.label = "loss"
        loss.backward()
        print(say(fr=f"sortie : {out.data}  perte : {loss.data}",
                  en=f"output: {out.data}  loss: {loss.data}"))
        draw_dot(loss, model=model, rankdir="TB")
        """,
        """
        x = [0.888, 0.777]
        target = Value(1.0, label="y")

        out = ...
        loss = ...
        """,
    ),
    code(
        """
        check_task(3, model=model, out=out, loss=loss)
        """
    ),
    text(
        """
        ## Tâche 4 — lire le graphe

        Toutes les opérations sont dans le graphe, même la différence avec la valeur attendue
        (micrograd la calcule en multipliant la valeur attendue par $-1$, puis en additionnant).
        Retrouvez à la main ce que la rétropropagation a calculé :
        - `error` : la dérivée de l'erreur `loss` par rapport à `out`, à partir de `out.data`
          et de `target.data` ;
        - `by_hand` : la liste des gradients de $w_0$, $w_1$ et $b$, à partir de `error` et de
          l'entrée `x`.

        Comparez-les aux gradients des paramètres (`.grad`), puis expliquez comment le
        gradient est calculé, de la sortie vers les entrées.
        """,
        """
        ## Task 4 — reading the graph

        Every operation is in the graph, even the difference with the expected value
        (micrograd computes it by multiplying the expected value by -1, then adding). Find by
        hand what backpropagation computed:
        - `error`: the derivative of the loss `loss` with respect to `out`, from `out.data`
          and `target.data`;
        - `by_hand`: the list of the gradients of $w_0$, $w_1$ and $b$, from `error` and the
          input `x`.

        Compare them with the parameters' gradients (`.grad`), then explain how the gradient
        is computed, from the output to the inputs.
        """,
    ),
    exercise(
        """
        error = 2 * (out.data - target.data)
        by_hand = [error * x[0], error * x[1], error]
        print(say(fr="2 (out - y)         =", en="2 (out - y)      ="), error)
        print(say(fr="gradient de b       =", en="grad of b        ="), params[2].grad)
        print(say(fr="gradients de w0, w1 =", en="grad of w0, w1   ="), params[0].grad, params[1].grad)
        print(say(fr="à la main           =", en="by hand          ="), by_hand)
        print(say(fr="gradient de y       =", en="grad of y        ="), target.grad)
        """,
        """
        error = ...
        by_hand = ...
        """,
    ),
    code(
        """
        check_task(4, model=model, error=error, by_hand=by_hand)
        """
    ),
    answer(
        r"""
        On lit le graphe de bas en haut, de la sortie vers les entrées, comme la passe
        arrière :
        - `loss` $= (out - y)^2$ : son gradient vaut 1, le point de départ ;
        - la différence $out - y$ s'écrit $out + (-1) \times y$ ; le carré lui envoie
          $2\,(out - y) = 2 \times (0{,}3798 - 1) \approx -1{,}2405$ : c'est **l'erreur de
          prédiction**, doublée ;
        - l'addition recopie ce gradient vers `out` et vers $-y$ ; la multiplication par $-1$
          donne $+1{,}2405$ à $y$ ;
        - `out` est la somme $b + w_0 x_0 + w_1 x_1$ : le biais reçoit $-1{,}2405$ et chaque
          poids reçoit $-1{,}2405$ fois son entrée.

        Un gradient négatif signifie qu'augmenter ce paramètre fait **baisser** l'erreur.
        """,
        r"""
        We read the graph from bottom to top, from the output to the inputs, as the backward
        pass does:
        - `loss` $= (out - y)^2$: its gradient is 1, the starting point;
        - the difference $out - y$ is written $out + (-1) \times y$; the square sends it
          $2\,(out - y) = 2 \times (0.3798 - 1) \approx -1.2405$: the **prediction error**,
          doubled;
        - the addition copies that gradient to `out` and to $-y$; the multiplication by -1
          gives $+1.2405$ to $y$;
        - `out` is the sum $b + w_0 x_0 + w_1 x_1$: the bias receives -1.2405 and each weight
          receives -1.2405 times its input.

        A negative gradient says that increasing this parameter **lowers** the error.
        """,
    ),
    text(
        r"""
        ### Et la sigmoïde ?

        Elle n'apparaît pas dans le graphe : on a remplacé le nombre `out.data`, mais le
        graphe ne sait pas qu'une sigmoïde a été appliquée. Le gradient passe donc comme si la
        sortie était linéaire, sans le facteur $\sigma'(s) = \sigma(s)\,(1 - \sigma(s))
        \approx 0{,}2355$. La descente fonctionne quand même ici (le signe est le bon), mais ce
        n'est pas la vraie dérivée. Avec l'opération `sigmoid()`, la sigmoïde devient un nœud
        du graphe, et la règle de la chaîne (dérivation des fonctions composées) la traverse :
        """,
        r"""
        ### What about the sigmoid?

        It does not appear in the graph: we replaced the number `out.data`, but the graph does
        not know that a sigmoid was applied. The gradient therefore flows as if the output
        were linear, without the factor $\sigma'(s) = \sigma(s)\,(1 - \sigma(s)) \approx
        0.2355$. Descent still works here (the sign is right), but this is not the true
        derivative. With the `sigmoid()` operation, the sigmoid becomes a node of the graph
        and the chain rule goes through it:
        """,
    ),
    code(
        """
        model.zero_grad()
        out = model(x).sigmoid()
        out.label = "out"
        loss = (out - target) ** 2
        loss.label = "loss"
        loss.backward()
        print(say(fr=f"sortie : {out.data}  perte : {loss.data}",
                  en=f"output: {out.data}  loss: {loss.data}"))
        print(say(fr="gradient de b :", en="grad of b:"), model.parameters()[2].grad,
              "= 2 (out - y) x sigmoid'(s) =", 2 * (out.data - target.data), "x",
              out.data * (1 - out.data))
        draw_dot(loss, model=model, rankdir="TB")
        """
    ),
    text(
        """
        Dans la suite, nous gardons la méthode du sujet (sigmoïde sur `data`), pour retrouver
        ses résultats au chiffre près.

        ## Tâche 5 — mettre à jour les poids

        Écrivez `predict(probability)`, qui renvoie la classe prédite : 1 si la sortie dépasse
        0,5, sinon 0. Puis mettez à jour les poids du perceptron : chaque mise à jour déplace
        chaque paramètre d'un petit pas dans le sens opposé à son gradient (taux
        d'apprentissage 0,1). Avant de rétropropager une nouvelle erreur, remettez les gradients à
        zéro. Recommencez jusqu'à ce que le modèle prédise la bonne classe pour $x$ ; il faudra
        peut-être plusieurs mises à jour.
        """,
        """
        From here on we keep the assignment's method (the sigmoid on `data`), to get its
        results digit for digit.

        ## Task 5 — updating the weights

        Write `predict(probability)`, which returns the predicted class: 1 when the output is
        above 0.5, and 0 otherwise. Then update the perceptron's weights: each update moves
        every parameter a small step in the direction opposite to its gradient (learning rate
        0.1). Before propagating a new error, reset the gradients to zero. Repeat until the
        model predicts the right class for $x$; it may take more than one update.
        """,
    ),
    exercise(
        """
        def predict(probability):
            return 1 if probability > 0.5 else 0


        learning_rate = 0.1
        for step in range(20):
            out = model(x)
            out.data = sigmoid(out.data)
            loss = (out - target) ** 2
            print(say(fr=f"pas {step} : sortie {out.data:.4f}, prédiction {predict(out.data)}, "
                         f"perte {loss.data:.4f}",
                      en=f"step {step}: output {out.data:.4f}, prediction {predict(out.data)}, "
                         f"loss {loss.data:.4f}"))
            if predict(out.data) == 1:
                break
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= learning_rate * p.grad
        """,
        """
        def predict(probability):
            ...
        """,
    ),
    code(
        """
        check_task(5, model=model, predict=predict)
        """
    ),
    text(
        """
        ## Tâche 6 — les données « lunes »

        Avec `make_moons` (module `sklearn.datasets`), tirez `X`, 100 points, et `y`, leurs
        étiquettes, avec un bruit de 0,1, et affichez-les. Les points forment deux
        demi-cercles imbriqués : aucune droite ne sépare les deux classes, il faudra un modèle
        non linéaire.
        """,
        """
        ## Task 6 — the "moons" data

        With `make_moons` (module `sklearn.datasets`), draw `X`, 100 points, and `y`, their
        labels, with a noise of 0.1, and plot them. The points make two interleaved half
        circles: no straight line separates the two classes, we will need a non-linear model.
        """,
    ),
    exercise(
        """
        import matplotlib.pyplot as plt
        from sklearn.datasets import make_moons

        X, y = make_moons(n_samples=100, noise=0.1)
        n0, n1 = int((y == 0).sum()), int((y == 1).sum())
        print(say(fr=f"{len(X)} points : {n0} de la classe 0, {n1} de la classe 1",
                  en=f"{len(X)} points: {n0} of class 0, {n1} of class 1"))

        plt.figure(figsize=(5, 4))
        plt.scatter(X[:, 0], X[:, 1], c=y, s=25, cmap="coolwarm", edgecolors="black")
        plt.xlabel("x0")
        plt.ylabel("x1")
        plt.show()
        """,
        """
        X = ...
        y = ...
        """,
    ),
    code(
        """
        check_task(6, X=X, y=y)
        """
    ),
    text(
        """
        ## Tâche 7 — `model_loss`

        Écrivez `model_loss(model, X, y)` : elle fait passer toutes les données dans le
        modèle, applique la sigmoïde à chaque sortie (sur `data`, comme plus haut) et renvoie
        deux résultats :
        - l'**erreur quadratique moyenne** (MSE) entre la sortie et l'étiquette, sous forme de
          `Value`, pour pouvoir la rétropropager ;
        - l'**exactitude** : le pourcentage de points dont la classe prédite (`predict`) est
          la bonne (en anglais *accuracy*, souvent traduit à tort par « précision », qui
          désigne une autre mesure).
        """,
        """
        ## Task 7 — `model_loss`

        Write `model_loss(model, X, y)`: it runs all the data through the model, applies the
        sigmoid to each output (on `data`, as above) and returns two results:
        - the **mean squared error** (MSE) between the output and the label, as a `Value`, so
          that it can be backpropagated;
        - the **accuracy**: the percentage of points whose predicted class (`predict`) is
          right.
        """,
    ),
    exercise(
        """
        def model_loss(model, X, y):
            outputs = []
            for features in X:
                out = model(list(features))
                out.data = sigmoid(out.data)
                outputs.append(out)
            errors = [(out - int(label)) ** 2 for out, label in zip(outputs, y)]
            loss = sum(errors) * (1.0 / len(errors))
            correct = sum(predict(out.data) == label for out, label in zip(outputs, y))
            return loss, 100 * int(correct) / len(y)
        """,
        """
        def model_loss(model, X, y):
            ...
        """,
    ),
    code(
        """
        check_task(7, model_loss=model_loss)
        """
    ),
    text(
        """
        ## Tâche 8 — un réseau à une couche cachée

        Créez un nouveau `model` : deux neurones cachés à deux entrées (ReLU), puis un neurone
        de sortie, soit 9 paramètres. Calculez `loss`, l'erreur de `model_loss` sur les deux
        premiers points de `X` seulement, rétropropagez-la et dessinez le graphe du gradient.
        Que remarquez-vous ? Nombre par nombre, ce graphe serait bien plus large que la page :
        dessinez-le avec une case par neurone, `draw_collapsed(loss, model, rankdir="TB")`.
        """,
        """
        ## Task 8 — a network with one hidden layer

        Create a new `model`: two hidden neurons with two inputs (ReLU), then one output
        neuron, 9 parameters in all. Compute `loss`, `model_loss`'s error on the first two
        points of `X` only, backpropagate it and draw the gradient graph. What do you notice?
        Number by number, this graph would be much wider than the page: draw it with one box
        per neuron, `draw_collapsed(loss, model, rankdir="TB")`.
        """,
    ),
    exercise(
        """
        model = MLP(2, [2, 1])
        print(model, "-", len(model.parameters()), say(fr="paramètres", en="parameters"))
        loss, accuracy = model_loss(model, X[:2], y[:2])
        loss.backward()
        draw_collapsed(loss, model, rankdir="TB")
        """,
        """
        model = ...
        loss = ...
        """,
    ),
    code(
        """
        check_task(8, model=model, loss=loss, X=X, y=y)
        """
    ),
    code(
        """
        print(say(fr="nœuds pour 2 points :  ", en="nodes for 2 points:  "),
              len(topological_order(loss)))
        print(say(fr="nœuds pour 100 points :", en="nodes for 100 points:"),
              len(topological_order(model_loss(model, X, y)[0])))
        """
    ),
    answer(
        """
        Les mêmes 9 paramètres servent pour chaque point : chacun reçoit une contribution de
        gradient par point, et ces contributions s'additionnent. Le graphe grandit avec les
        données : déjà plusieurs dizaines de nœuds pour deux points, plus de deux mille pour
        les 100 points. Un neurone ReLU dont la somme pondérée est négative renvoie 0 et ne transmet
        aucun gradient à ses poids pour ce point.
        """,
        """
        The same 9 parameters serve for every point: each one receives one gradient
        contribution per point, and those contributions add up. The graph grows with the data:
        already several dozen nodes for two points, more than two thousand for the 100 points.
        A ReLU neuron whose sum is negative outputs 0 and passes no gradient to its weights for
        that point.
        """,
    ),
    text(
        """
        ## Tâche 9 — entraîner

        Écrivez `train(model, steps, report_every=1)`, qui fait `steps` itérations de
        descente de gradient sur les 100 points de `X`, avec `model_loss`. À chaque itération
        $k$ (à partir de 0), elle affiche l'erreur moyenne et l'exactitude, et les garde dans
        `history` (`history["loss"]`, `history["accuracy"]`), qu'elle renvoie. Le taux
        d'apprentissage est dégressif : il vaut $1 - 0{,}9\\,k/100$, part de 1 et décroît
        avec les itérations (il vaudrait 0,1 à l'itération $k = 100$, comme dans la
        démonstration de micrograd). Le modèle de départ est donné : entraînez-le pendant 10
        itérations.

        > **Note.** Les trois premières lignes remettent le générateur de Python dans l'état où
        > le sujet a créé son modèle, 54 tirages après `random.seed(42)` : c'est ainsi que l'on
        > retrouve exactement son affichage. Cet affichage, comme celui de la tâche 1, reprend
        > mot pour mot celui du sujet, en anglais : on peut ainsi les comparer ligne à ligne.
        """,
        """
        ## Task 9 — training

        Write `train(model, steps, report_every=1)`, which runs `steps` iterations of gradient
        descent on the 100 points of `X`, with `model_loss`. At each iteration $k$ (from 0),
        it prints the mean error and the accuracy, and keeps them in `history`
        (`history["loss"]`, `history["accuracy"]`), which it returns. The learning rate
        decreases: it is $1 - 0.9\\,k/100$, starts at 1 and goes down with the iterations (it
        would be 0.1 at iteration $k = 100$, as in micrograd's demo). The starting model is
        given: train it for 10 iterations.

        > **Note.** The first three lines put Python's generator back in the state in which the
        > assignment created its model, 54 draws after `random.seed(42)`: this is how its
        > printout comes back exactly. This printout, like that of task 1, repeats the
        > assignment's word for word, so that the two compare line by line.
        """,
    ),
    exercise(
        """
        random.seed(42)
        for _ in range(54):
            random.uniform(-1, 1)
        model = MLP(2, [2, 1])
        start = [p.data for p in model.parameters()]


        def train(model, steps, report_every=1):
            history = {"loss": [], "accuracy": []}
            for k in range(steps):
                loss, accuracy = model_loss(model, X, y)
                model.zero_grad()
                loss.backward()
                learning_rate = 1.0 - 0.9 * k / 100
                for p in model.parameters():
                    p.data -= learning_rate * p.grad
                history["loss"].append(loss.data)
                history["accuracy"].append(accuracy)
                if k % report_every == 0 or k == steps - 1:
                    print(f"[step {k}] loss {loss.data}, accuracy {accuracy}%")
            return history


        history = train(model, 10)
        """,
        """
        random.seed(42)
        for _ in range(54):
            random.uniform(-1, 1)
        model = MLP(2, [2, 1])
        start = [p.data for p in model.parameters()]


        def train(model, steps, report_every=1):
            history = {"loss": [], "accuracy": []}
            ...
            return history


        history = train(model, 10)
        """,
    ),
    code(
        """
        check_task(9, model=model, start=start, history=history, X=X, y=y)
        """
    ),
    text(
        """
        Le sujet affiche les mêmes pertes et les mêmes exactitudes. Sur quelques lignes, le
        seizième ou dix-septième chiffre diffère : micrograd range les opérandes d'un nœud
        dans un ensemble (`set`), dont l'ordre dépend des adresses en mémoire, si bien que
        l'ordre dans lequel il additionne les contributions au gradient, et donc l'arrondi du
        dernier chiffre, change d'une exécution à l'autre. retrograd garde les opérandes dans
        l'ordre et donne le même résultat à chaque fois.

        La frontière de décision du modèle : la ligne noire sépare les points du plan où la
        probabilité prédite dépasse 0,5 de ceux où elle reste en dessous.
        """,
        """
        The assignment prints the same losses and the same accuracies. On a few lines the
        sixteenth or seventeenth digit differs: micrograd keeps a node's operands in a `set`,
        whose order depends on memory addresses, so the order in which it adds up gradient
        contributions, and thus the rounding of the last digit, changes from one run to the
        next. retrograd keeps operands in order and gives the same result every time.

        The model's decision boundary: the black line separates the points whose predicted
        probability is above 0.5 from those where it stays below.
        """,
    ),
    code(
        """
        from retrograd.plot import plot_decision_boundary

        plot_decision_boundary(lambda p: sigmoid(model(p).data), X, y, output="probability")
        """
    ),
    text(
        """
        Avec la vraie sigmoïde dans le graphe (`sigmoid()`, après la tâche 4), le même modèle,
        parti des mêmes poids, apprend plus lentement : le facteur $\\sigma'$, au plus 0,25,
        rend les pas quatre fois plus petits au moins. C'est une des raisons pour lesquelles
        on préfère, en classification, l'entropie croisée à l'erreur quadratique moyenne après une sigmoïde (voir le
        notebook 5).
        """,
        """
        With the real sigmoid in the graph (`sigmoid()`, after task 4), the same model,
        starting from the same weights, learns more slowly: the factor $\\sigma'$, at most
        0.25, makes the steps at least four times smaller. This is one reason why
        classification usually prefers cross-entropy to MSE after a sigmoid (see notebook 5).
        """,
    ),
    code(
        """
        for p, value in zip(model.parameters(), start):
            p.data = value

        for k in range(10):
            outputs = [model(list(features)).sigmoid() for features in X]
            loss = sum((out - int(label)) ** 2 for out, label in zip(outputs, y)) * (1.0 / len(y))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= (1.0 - 0.9 * k / 100) * p.grad
        accuracy = 100 * sum(predict(out.data) == label for out, label in zip(outputs, y)) / len(y)
        print(say(fr=f"vraie sigmoïde, pas 9 : perte {loss.data:.4f}, exactitude {accuracy}%",
                  en=f"true sigmoid, step 9: loss {loss.data:.4f}, accuracy {accuracy}%"))
        """
    ),
    text(
        """
        ## Tâche 10 — 16 neurones cachés

        Créez un nouveau `model` avec une couche cachée de 16 neurones (65 paramètres),
        entraînez-le avec `train` pendant 100 itérations, en gardant son historique dans
        `history`, et observez l'évolution de ses performances. Nous affichons une ligne
        toutes les 10 itérations ; la courbe les montre toutes (`percent=True` : nos
        exactitudes sont des pourcentages).
        """,
        """
        ## Task 10 — 16 hidden neurons

        Create a new `model` with a hidden layer of 16 neurons (65 parameters), train it with
        `train` for 100 iterations, keeping its history in `history`, and watch how its
        performance evolves. We print one line every 10 iterations; the curve shows them all
        (`percent=True`: our accuracies are percentages).

        """,
    ),
    exercise(
        """
        model = MLP(2, [16, 1])
        print(model.layers[0].neurons[0], say(fr="x 16, puis", en="x 16, then"),
              model.layers[1].neurons[0], "-", len(model.parameters()),
              say(fr="paramètres", en="parameters"))
        history = train(model, 100, report_every=10)
        """,
        """
        model = ...
        history = ...
        """,
    ),
    code(
        """
        check_task(10, model=model, history=history, X=X, y=y)
        """
    ),
    code(
        """
        from retrograd.plot import plot_training

        plot_training(history, percent=True)

        """
    ),
    code(
        """
        plot_decision_boundary(lambda p: sigmoid(model(p).data), X, y, output="probability")
        """
    ),
    text(
        """
        La frontière se courbe maintenant pour suivre les deux lunes, et l'exactitude dépasse

        celle du modèle à deux neurones cachés.

        ## Remise des travaux

        Avant de rendre votre travail, relancez le notebook depuis le début (*Kernel → Restart
        Kernel and Run All Cells*) : chaque cellule `check_task` doit afficher « réussi ». Ne
        modifiez pas ces cellules. Puis, comme pour les autres TP :
        - enregistrez le notebook et faites un commit de votre travail ;
        - taguez le projet avec le tag `tp6` (`git tag tp6`) ;
        - poussez le commit puis le tag sur le serveur GitLab (`git push`, puis
          `git push --tags`) : c'est votre rendu.

        Pour la note, l'enseignant exécute chaque notebook rendu du début à la fin, dans un
        noyau neuf et avec une limite de temps (`retrograd lab grade`) : chaque tâche dont la
        vérification passe vaut un point, sur 10.

        ## Pour aller plus loin

        Le notebook 5 entraîne ce même genre de réseau par lots, avec l'optimiseur Adam, puis
        l'enregistre et le transfère dans PyTorch. Le notebook 6 range les poids de chaque
        couche dans une matrice, et un réseau y apprend des chiffres manuscrits en quelques
        secondes.
        """,
        """
        The boundary now bends to follow the two moons, and the accuracy is higher than that
        of the model with two hidden neurons.

        ## Handing in your work

        Before handing in your work, run the notebook again from the top (*Kernel → Restart
        Kernel and Run All Cells*): every `check_task` cell must say "done". Do not change
        those cells. Then, as for the other labs:
        - save the notebook and commit your work;
        - tag the project with the tag `tp6` (`git tag tp6`);
        - push the commit, then the tag, to the GitLab server (`git push`, then
          `git push --tags`): that is your submission.

        For the mark, the teacher runs every handed-in notebook from top to bottom, in a fresh
        kernel and with a time limit (`retrograd lab grade`): each task whose check passes is
        worth one point, out of 10.

        ## Going further

        Notebook 5 trains the same kind of network on batches, with the Adam optimizer, then
        saves it and moves it to PyTorch. Notebook 6 puts the weights of each layer in a
        matrix, and a network there learns handwritten digits in a few seconds.
        """,
    ),
)

NOTEBOOK = Notebook(3, "tp_descente_de_gradient", "lab_gradient_descent", CELLS)
