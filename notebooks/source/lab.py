"""The lab (TP): tasks 1 to 10, solved with retrograd."""

from cells import Notebook, code, text

CELLS = (
    text(
        """
        # TP — comprendre le calcul du gradient

        Ce TP prend en main une bibliothèque de rétropropagation : un perceptron d'abord, puis
        un petit réseau qui apprend à séparer deux nuages de points en forme de lunes. Le
        sujet utilise micrograd ; retrograd parle la même langue : il suffit de changer
        `from micrograd...` en `from retrograd...` pour obtenir les mêmes nombres.

        Ce que la bibliothèque fournit :
        - `Value` garde un nombre et le gradient qui lui est associé ;
        - `Neuron` a un poids par entrée et un biais ;
        - `MLP` empile des couches de neurones : ReLU dans les couches cachées, linéaire en
          sortie.

        **Installation.** Depuis la racine du dépôt, `make lab` installe tout (dont
        JupyterLab) et ouvre ce dossier dans JupyterLab.

        Pour obtenir les mêmes résultats que le sujet, on fixe les graines des deux
        générateurs aléatoires : celui de numpy (pour les données) et celui de Python (pour les
        poids).
        """,
        """
        # Lab — understanding how gradients are computed

        This lab gets to grips with a backpropagation library: first a perceptron, then a
        small network that learns to separate two clouds of points shaped like moons. The
        assignment uses micrograd; retrograd speaks the same language: changing
        `from micrograd...` into `from retrograd...` gives the same numbers.

        What the library provides:
        - `Value` holds a number and the gradient that goes with it;
        - `Neuron` has one weight per input and a bias;
        - `MLP` stacks layers of neurons: ReLU in the hidden layers, linear at the output.

        **Set-up.** From the root of the repository, `make lab` installs everything
        (JupyterLab included) and opens this folder in JupyterLab.

        To get the same results as the assignment, we fix the seeds of both random
        generators: numpy's (for the data) and Python's (for the weights).
        """,
    ),
    code(
        """
        import math
        import random

        import numpy as np

        from retrograd import MLP, Value
        from retrograd.graph import draw_dot

        %matplotlib inline

        np.random.seed(42)
        random.seed(42)
        """
    ),
    text(
        """
        ## Tâche 1 — un perceptron

        Un MLP à deux entrées et une seule couche d'un seul neurone : c'est un perceptron.
        Affichons-le avec ses paramètres.
        """,
        """
        ## Task 1 — a perceptron

        An MLP with two inputs and a single layer of one neuron: a perceptron. Let us print
        it with its parameters.
        """,
    ),
    code(
        """
        model = MLP(2, [1])
        params = model.parameters()
        print(model)
        print(f"Model has: {len(params)} parameters")
        print("Model parameters are: [")
        print(",\\n".join(repr(p) for p in params))
        print("]")
        """
    ),
    text(
        r"""
        **Question : à quoi correspond le dernier paramètre ?** C'est le **biais** $b$ du
        neurone ; les deux premiers sont les poids $w_0$ et $w_1$, un par entrée. Les poids
        sont tirés au hasard entre -1 et 1, le biais part de 0. Le neurone de sortie est
        linéaire (`LinearNeuron`) : il renvoie $w_0 x_0 + w_1 x_1 + b$, sans activation. On le
        vérifie en refaisant le calcul à la main :
        """,
        r"""
        **Question: what is the last parameter?** It is the neuron's **bias** $b$; the first
        two are the weights $w_0$ and $w_1$, one per input. The weights are drawn at random
        between -1 and 1, the bias starts at 0. The output neuron is linear
        (`LinearNeuron`): it returns $w_0 x_0 + w_1 x_1 + b$, with no activation. Let us check
        by doing the computation by hand:
        """,
    ),
    code(
        """
        w0, w1, b = (p.data for p in params)
        x = [0.888, 0.777]
        print("model(x)          =", model(x).data)
        print("w0*x0 + w1*x1 + b =", b + w0 * x[0] + w1 * x[1])
        """
    ),
    text(
        r"""
        ## Tâche 2 — la sigmoïde

        $$\sigma(x) = \frac{1}{1 + e^{-x}}$$

        La sigmoïde transforme un score quelconque en un nombre entre 0 et 1, que l'on lit
        comme une probabilité d'appartenir à la classe 1. Sa dérivée est
        $\sigma(x)\,(1 - \sigma(x))$ (en pointillés), au plus 0,25, en $x = 0$.
        """,
        r"""
        ## Task 2 — the sigmoid

        $$\sigma(x) = \frac{1}{1 + e^{-x}}$$

        The sigmoid turns any score into a number between 0 and 1, read as the probability of
        belonging to class 1. Its derivative is $\sigma(x)\,(1 - \sigma(x))$ (dashed), at most
        0.25, at $x = 0$.
        """,
    ),
    code(
        """
        from retrograd.plot import plot_activations


        def sigmoid(x):
            return 1 / (1 + math.exp(-x))


        print(sigmoid(0.0), sigmoid(2.0), sigmoid(-2.0))
        plot_activations(["sigmoid"])
        """
    ),
    text(
        """
        Le sujet applique la sigmoïde **en post-traitement**, sur l'attribut `data` de la
        sortie du modèle : `out.data = sigmoid(out.data)`. C'est ce que nous faisons pour
        retrouver ses résultats. Nous verrons à la tâche 3 ce que cela change pour le
        gradient, et ce que donne la vraie opération `Value.sigmoid()` de retrograd.

        ## Tâche 3 — le graphe du gradient

        Entrée $x = [0{,}888 ; 0{,}777]$, sortie attendue $y = 1$. L'erreur est le carré de la
        différence entre la sortie (après sigmoïde) et l'attendu.
        """,
        """
        The assignment applies the sigmoid **as post-processing**, to the `data` attribute of
        the model's output: `out.data = sigmoid(out.data)`. We do the same to get its results.
        Task 3 shows what this changes for the gradient, and what retrograd's real operation
        `Value.sigmoid()` gives.

        ## Task 3 — the gradient graph

        Input $x = [0.888, 0.777]$, expected output $y = 1$. The error is the square of the
        difference between the output (after the sigmoid) and the expected value.
        """,
    ),
    code(
        """
        x = [0.888, 0.777]
        y = Value(1.0, label="y")

        out = model(x)
        out.data = sigmoid(out.data)
        out.label = "out"
        loss = (out - y) ** 2
        loss.label = "loss"
        loss.backward()
        print("output:", out.data, " loss:", loss.data)
        draw_dot(loss, model=model)
        """
    ),
    text(
        r"""
        ## Tâche 4 — lire le graphe

        On lit le graphe de droite à gauche, comme la passe arrière :
        - `loss` $= (out - y)^2$ : son gradient vaut 1, le point de départ ;
        - la différence $out - y$ s'écrit $out + (-1) \times y$ (micrograd multiplie par -1
          puis additionne) ; le carré lui envoie $2\,(out - y) = 2 \times (0{,}3798 - 1)
          \approx -1{,}2405$ : c'est **l'erreur de prédiction**, doublée ;
        - l'addition recopie ce gradient vers `out` et vers $-y$ ; la multiplication par -1
          donne $+1{,}2405$ à $y$ ;
        - `out` est la somme $b + w_0 x_0 + w_1 x_1$ : le biais reçoit -1,2405 et chaque
          poids reçoit -1,2405 fois son entrée.

        Un gradient négatif dit qu'augmenter ce paramètre fait **baisser** l'erreur.
        """,
        r"""
        ## Task 4 — reading the graph

        We read the graph from right to left, as the backward pass does:
        - `loss` $= (out - y)^2$: its gradient is 1, the starting point;
        - the difference $out - y$ is written $out + (-1) \times y$ (micrograd multiplies by
          -1, then adds); the square sends it $2\,(out - y) = 2 \times (0.3798 - 1) \approx
          -1.2405$: the **prediction error**, doubled;
        - the addition copies that gradient to `out` and to $-y$; the multiplication by -1
          gives $+1.2405$ to $y$;
        - `out` is the sum $b + w_0 x_0 + w_1 x_1$: the bias receives -1.2405 and each weight
          receives -1.2405 times its input.

        A negative gradient says that increasing this parameter **lowers** the error.
        """,
    ),
    code(
        """
        error = 2 * (out.data - y.data)
        print("2 (out - y)      =", error)
        print("grad of b        =", params[2].grad)
        print("grad of w0, w1   =", params[0].grad, params[1].grad)
        print("error * x0, x1   =", error * x[0], error * x[1])
        print("grad of y        =", y.grad)
        """
    ),
    text(
        r"""
        ### Et la sigmoïde ?

        Elle n'apparaît pas dans le graphe : on a remplacé le nombre `out.data`, mais le
        graphe ne sait pas qu'une sigmoïde a été appliquée. Le gradient passe donc comme si la
        sortie était linéaire, sans le facteur $\sigma'(s) = \sigma(s)\,(1 - \sigma(s))
        \approx 0{,}2355$. La descente marche quand même ici (le signe est le bon), mais ce
        n'est pas la vraie dérivée. Avec l'opération `sigmoid()`, la sigmoïde devient un nœud
        du graphe et la règle de la chaîne la traverse :
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
        loss = (out - y) ** 2
        loss.label = "loss"
        loss.backward()
        print("output:", out.data, " loss:", loss.data)
        print("grad of b:", params[2].grad, "= -1.2405 x", out.data * (1 - out.data))
        draw_dot(loss, model=model)
        """
    ),
    text(
        """
        Dans la suite, nous gardons la méthode du sujet (sigmoïde sur `data`), pour retrouver
        ses résultats au chiffre près.

        ## Tâche 5 — mettre à jour les poids

        La prédiction vaut 1 si la sortie dépasse 0,5, sinon 0. Une mise à jour déplace
        chaque paramètre d'un petit pas **contre** son gradient (taux d'apprentissage 0,1),
        après avoir remis les gradients à zéro. On recommence jusqu'à ce que le modèle prédise
        la bonne classe.
        """,
        """
        From here on we keep the assignment's method (the sigmoid on `data`), to get its
        results digit for digit.

        ## Task 5 — updating the weights

        The prediction is 1 when the output is above 0.5, and 0 otherwise. An update moves
        every parameter a small step **against** its gradient (learning rate 0.1), after
        resetting the gradients to zero. We repeat until the model predicts the right class.
        """,
    ),
    code(
        """
        def predict(probability):
            return 1 if probability > 0.5 else 0


        learning_rate = 0.1
        for step in range(20):
            out = model(x)
            out.data = sigmoid(out.data)
            loss = (out - y) ** 2
            print(f"step {step}: output {out.data:.4f}, prediction {predict(out.data)}, "
                  f"loss {loss.data:.4f}")
            if predict(out.data) == 1:
                break
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= learning_rate * p.grad
        """
    ),
    text(
        """
        Deux mises à jour suffisent pour que la sortie passe au-dessus de 0,5.

        ## Tâche 6 — les données « lunes »

        `make_moons` de scikit-learn tire 100 points en deux demi-cercles imbriqués, avec un
        bruit de 0,1. Aucune droite ne sépare les deux classes : il faudra un modèle non
        linéaire.
        """,
        """
        Two updates are enough for the output to go above 0.5.

        ## Task 6 — the "moons" data

        scikit-learn's `make_moons` draws 100 points in two interleaved half circles, with a
        noise of 0.1. No straight line separates the two classes: we will need a non-linear
        model.
        """,
    ),
    code(
        """
        import matplotlib.pyplot as plt
        from sklearn.datasets import make_moons

        X, y = make_moons(n_samples=100, noise=0.1)
        print(X.shape, "points;", int((y == 0).sum()), "of class 0,", int((y == 1).sum()), "of class 1")

        plt.figure(figsize=(5, 4))
        plt.scatter(X[:, 0], X[:, 1], c=y, s=25, cmap="coolwarm", edgecolors="black")
        plt.xlabel("x0")
        plt.ylabel("x1")
        plt.show()
        """
    ),
    text(
        """
        ## Tâche 7 — `model_loss`

        `model_loss(model, X, y)` fait passer toutes les données dans le modèle et renvoie :
        - l'**erreur quadratique moyenne** (MSE) entre la sortie après sigmoïde et le label,
          sous forme de `Value`, pour pouvoir la rétropropager ;
        - la **précision** : le pourcentage de points dont la classe prédite (sortie > 0,5)
          est la bonne.
        """,
        """
        ## Task 7 — `model_loss`

        `model_loss(model, X, y)` runs all the data through the model and returns:
        - the **mean squared error** (MSE) between the output after the sigmoid and the label,
          as a `Value`, so that it can be backpropagated;
        - the **accuracy**: the percentage of points whose predicted class (output > 0.5) is
          right.
        """,
    ),
    code(
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
        """
    ),
    text(
        """
        ## Tâche 8 — un réseau à une couche cachée

        Deux neurones cachés à deux entrées (ReLU), puis un neurone de sortie : 9 paramètres.
        Voici le graphe du gradient de l'erreur sur les deux premiers points seulement.
        """,
        """
        ## Task 8 — a network with one hidden layer

        Two hidden neurons with two inputs (ReLU), then one output neuron: 9 parameters. Here
        is the gradient graph of the error on the first two points only.
        """,
    ),
    code(
        """
        from retrograd import topological_order

        model = MLP(2, [2, 1])
        print(model, "-", len(model.parameters()), "parameters")
        loss, accuracy = model_loss(model, X[:2], y[:2])
        loss.backward()
        draw_dot(loss, model=model)
        """
    ),
    text(
        """
        **Que remarque-t-on ?** Les mêmes 9 paramètres servent pour chaque point : chacun
        reçoit une contribution de gradient par point, et ces contributions s'additionnent.
        Le graphe grandit avec les données : déjà plusieurs dizaines de nœuds pour deux
        points, plus de deux mille pour les 100 points. Un neurone ReLU dont la somme est
        négative renvoie 0 et ne transmet aucun gradient à ses poids pour ce point.
        """,
        """
        **What do we notice?** The same 9 parameters serve for every point: each one receives
        one gradient contribution per point, and those contributions add up. The graph grows
        with the data: already several dozen nodes for two points, more than two thousand for
        the 100 points. A ReLU neuron whose sum is negative outputs 0 and passes no gradient
        to its weights for that point.
        """,
    ),
    code(
        """
        print("nodes for 2 points:  ", len(topological_order(loss)))
        print("nodes for 100 points:", len(topological_order(model_loss(model, X, y)[0])))
        """
    ),
    text(
        """
        ## Tâche 9 — entraîner

        Dix itérations de descente de gradient sur les 100 points. À l'itération $k$, le taux
        d'apprentissage vaut $1 - 0{,}9\\,k/100$ : il part de 1 et décroît, comme dans la
        démonstration de micrograd (il atteindrait 0,1 après 100 itérations). C'est cette
        règle qui redonne l'affichage du sujet ; avec $0{,}9^k$, les pertes s'en écartent dès
        la troisième itération.

        **D'où viennent les poids de départ ?** L'affichage du sujet se retrouve exactement
        quand le modèle est créé après 54 tirages du générateur de Python depuis
        `random.seed(42)`. Son notebook avait sans doute construit d'autres modèles avant
        celui-ci (un 2-2-1 et un 2-16-1, par exemple, font 6 + 48 tirages). Nous remettons le
        générateur dans cet état pour partir des mêmes poids.
        """,
        """
        ## Task 9 — training

        Ten iterations of gradient descent on the 100 points. At iteration $k$, the learning
        rate is $1 - 0.9\\,k/100$: it starts at 1 and decreases, as in micrograd's demo (it
        would reach 0.1 after 100 iterations). This is the rule that gives back the
        assignment's printout; with $0.9^k$ the losses drift away from it from the third
        iteration on.

        **Where do the starting weights come from?** The assignment's printout comes back
        exactly when the model is created after 54 draws from Python's generator since
        `random.seed(42)`. Its notebook had probably built other models before this one (a
        2-2-1 and a 2-16-1, for instance, make 6 + 48 draws). We put the generator back in
        that state to start from the same weights.
        """,
    ),
    code(
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
        """
    ),
    text(
        """
        Le sujet affiche les mêmes pertes et les mêmes précisions. Sur quelques lignes, le
        seizième ou dix-septième chiffre diffère : micrograd range les opérandes d'un nœud
        dans un ensemble (`set`), dont l'ordre dépend des adresses en mémoire, si bien que
        l'ordre dans lequel il additionne les contributions au gradient, et donc l'arrondi du
        dernier chiffre, change d'une exécution à l'autre. retrograd garde les opérandes dans
        l'ordre et donne le même résultat à chaque fois.

        La frontière de décision du modèle : la ligne noire sépare les points dont la
        probabilité prédite dépasse 0,5.
        """,
        """
        The assignment prints the same losses and the same accuracies. On a few lines the
        sixteenth or seventeenth digit differs: micrograd keeps a node's operands in a `set`,
        whose order depends on memory addresses, so the order in which it adds up gradient
        contributions, and thus the rounding of the last digit, changes from one run to the
        next. retrograd keeps operands in order and gives the same result every time.

        The model's decision boundary: the black line separates the points whose predicted
        probability is above 0.5.
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
        Avec la vraie sigmoïde dans le graphe (`sigmoid()`, tâche 3), le même modèle, parti des
        mêmes poids, apprend plus lentement : le facteur $\\sigma'$, au plus 0,25, rend les
        pas quatre fois plus petits au moins. C'est une des raisons pour lesquelles on préfère,
        en classification, l'entropie croisée à la MSE après une sigmoïde (voir le notebook 5).
        """,
        """
        With the real sigmoid in the graph (`sigmoid()`, task 3), the same model, starting
        from the same weights, learns more slowly: the factor $\\sigma'$, at most 0.25, makes
        the steps at least four times smaller. This is one reason why classification usually
        prefers cross-entropy to MSE after a sigmoid (see notebook 5).
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
        print(f"true sigmoid, step 9: loss {loss.data:.4f}, accuracy {accuracy}%")
        """
    ),
    text(
        """
        ## Tâche 10 — 16 neurones cachés

        Même procédure avec une couche cachée de 16 neurones (65 paramètres) et 100
        itérations. Nous affichons une ligne toutes les 10 itérations ; la courbe montre toutes
        les itérations.
        """,
        """
        ## Task 10 — 16 hidden neurons

        The same procedure with a hidden layer of 16 neurons (65 parameters) and 100
        iterations. We print one line every 10 iterations; the curve shows them all.
        """,
    ),
    code(
        """
        model = MLP(2, [16, 1])
        print(model.layers[0].neurons[0], "x 16, then", model.layers[1].neurons[0], "-",
              len(model.parameters()), "parameters")
        history = train(model, 100, report_every=10)
        """
    ),
    code(
        """
        from retrograd.plot import plot_training

        plot_training(history, percent=True)  # our accuracies are percentages
        """
    ),
    code(
        """
        plot_decision_boundary(lambda p: sigmoid(model(p).data), X, y, output="probability")
        """
    ),
    text(
        """
        La frontière se courbe maintenant pour suivre les deux lunes, et la précision dépasse
        celle du modèle à deux neurones cachés.

        ## Pour aller plus loin

        Le notebook 5 entraîne ce même genre de réseau par lots, avec l'optimiseur Adam, puis
        l'enregistre et le transfère dans PyTorch.
        """,
        """
        The boundary now bends to follow the two moons, and the accuracy is higher than that
        of the model with two hidden neurons.

        ## Going further

        Notebook 5 trains the same kind of network on batches, with the Adam optimizer, then
        saves it and moves it to PyTorch.
        """,
    ),
)

NOTEBOOK = Notebook(3, "tp_descente_de_gradient", "lab_gradient_descent", CELLS)
