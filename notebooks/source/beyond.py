"""Beyond the course: step-through page, mini-batches, optimizers, saving, PyTorch."""

from cells import Notebook, code, text

CELLS = (
    text(
        """
        # Au-delà du cours

        *Ce notebook va au-delà du cours : rien de ce qu'il montre n'est demandé dans les
        leçons ni dans le TP. Il est là pour qui veut aller plus loin.*

        Les leçons et le TP ont construit la rétropropagation et une boucle d'entraînement à la
        main. retrograd fournit aussi les outils qui viennent ensuite :

        1. une page web qui rejoue `backward()` pas à pas ;
        2. des optimiseurs : la descente de gradient simple (SGD) et Adam ;
        3. l'entraînement par mini-lots, puis sur tout un lot rangé dans une seule `Value` ;
        4. l'enregistrement d'un modèle dans un fichier, et son passage dans PyTorch.
        """,
        """
        # Beyond the course

        *This notebook goes beyond the course: nothing it shows is required in the lessons or
        in the lab. It is here for whoever wants to go further.*

        The lessons and the lab built backpropagation and a training loop by hand. retrograd
        also provides the tools that come next:

        1. a web page that replays `backward()` step by step;
        2. optimizers: plain gradient descent (SGD) and Adam;
        3. training on mini-batches, then on a whole batch held in a single `Value`;
        4. saving a model to a file, and moving it to PyTorch.
        """,
    ),
    code(
        """
        from retrograd.language import say, set_language

        set_language("@lang@")

        import random

        import matplotlib.pyplot as plt
        import numpy as np

        from retrograd import MLP, Value

        %matplotlib inline
        """
    ),
    text(
        """
        ## 1. La rétropropagation, pas à pas

        `backward_steps` décrit chaque pas de `backward()` sans toucher au graphe : quel nœud
        reçoit un gradient, d'où vient sa dérivée locale, et le produit que donne la dérivation des
        fonctions composées (la règle de la chaîne). Voici ces pas sur l'expression de la leçon 1,
        $L = (a \\times b + c) \\times f$. Pour les deux opérandes de $L$ lui-même, le
        gradient reçu de l'aval est $\\partial L / \\partial L = 1$ : la cellule écrit
        seulement la dérivée locale, que la ligne suivante explique.
        """,
        """
        ## 1. Backpropagation, step by step

        `backward_steps` describes every step of `backward()` without touching the graph:
        which node receives a gradient, where its local derivative comes from, and the product
        of the chain rule. Here they are on the expression of lesson 1, $L = (a \\times b + c) \\times f$.
        For the two operands of $L$ itself, the gradient received from downstream is
        $\\partial L / \\partial L = 1$: the cell writes only the local derivative, which the
        next line explains.
        """,
    ),
    code(
        """
        from retrograd.steps import backward_steps

        a = Value(2.0, label="a")
        b = Value(-3.0, label="b")
        c = Value(10.0, label="c")
        e = a * b; e.label = "e"
        d = e + c; d.label = "d"
        f = Value(-2.0, label="f")
        L = d * f; L.label = "L"

        for step in backward_steps(L):
            if step.node is L:
                print(f"dL/d{step.target.label} = {step.after:.4f}")
            else:
                print(step.chain())
            print("   ", step.rule())
        """
    ),
    text(
        """
        `stepthrough_html` en fait une page web autonome : le graphe, dessiné comme par
        `draw_dot`, se remplit un gradient à la fois ; les boutons ou les flèches du clavier
        avancent et reculent. La cellule suivante écrit `stepthrough_L.html` à côté du notebook
        (à ouvrir dans un navigateur) et montre la même page ici même, rangée dans la sortie
        de la cellule (l'attribut `srcdoc` d'une `iframe`) : elle s'affiche sans le fichier.
        """,
        """
        `stepthrough_html` turns this into a self-contained web page: the graph, drawn as
        `draw_dot` draws it, fills in one gradient at a time; buttons or the arrow keys move
        forward and back. The next cell writes `stepthrough_L.html` next to the notebook (to
        open in a browser) and shows the same page right here, stored in the cell's output
        (the `srcdoc` attribute of an `iframe`): it shows without the file.
        """,
    ),
    code(
        """
        import html

        from IPython.display import display

        from retrograd.graph import stepthrough_html

        page = stepthrough_html(L, "stepthrough_L.html", rankdir="TB")
        print(say(fr=f"stepthrough_L.html : {len(backward_steps(L))} pas, une page HTML et SVG",
                  en=f"stepthrough_L.html: {len(backward_steps(L))} steps, one page of HTML and SVG"))
        frame = (f'<iframe srcdoc="{html.escape(page)}" width="100%" height="720" '
                 'style="border: 1px solid #ddd"></iframe>')
        display({"text/html": frame}, raw=True)
        """
    ),
    text(
        """
        ## 2. Des optimiseurs

        Jusqu'ici, chaque mise à jour était `p.data -= taux * p.grad` : c'est la descente de
        gradient simple, **SGD**. Un optimiseur range cette règle dans un objet :
        `optimizer.zero_grad()` remet les gradients à zéro, `optimizer.step()` met les
        paramètres à jour. **Adam** garde en plus, pour chaque paramètre, une moyenne glissante
        de ses gradients et de leurs carrés : chaque paramètre avance à son propre rythme, ce
        qui aide quand les gradients ont des tailles très différentes.

        `retrograd.train.fit` écrit la boucle d'entraînement une fois pour toutes. Entraînons
        deux fois le même réseau (16 neurones cachés, mêmes poids de départ) sur les lunes du
        TP. La perte est l'**entropie croisée binaire** sur la sortie linéaire du réseau
        (`loss="bce"`) : elle applique la sigmoïde elle-même et ne souffre pas du facteur
        $\\sigma'$ vu dans le TP.
        """,
        """
        ## 2. Optimizers

        So far every update was `p.data -= rate * p.grad`: plain gradient descent, **SGD**. An
        optimizer keeps that rule in an object: `optimizer.zero_grad()` resets the gradients,
        `optimizer.step()` updates the parameters. **Adam** also keeps, for every parameter, a
        running average of its gradients and of their squares: each parameter moves at its own
        pace, which helps when gradients have very different sizes.

        `retrograd.train.fit` writes the training loop once and for all. Let us train the same
        network twice (16 hidden neurons, the same starting weights) on the moons of the lab.
        The loss is **binary cross-entropy** on the network's linear output (`loss="bce"`): it
        applies the sigmoid itself and does not suffer from the $\\sigma'$ factor seen in the
        lab.
        """,
    ),
    code(
        """
        from retrograd.data import make_moons
        from retrograd.plot import plot_training
        from retrograd.train import accuracy, fit

        X, y = make_moons(100, noise=0.1, random_state=0, labels="binary")

        histories = {}
        for name, lr in [("sgd", 0.5), ("adam", 0.05)]:
            random.seed(1)
            model = MLP(2, [16, 1])
            histories[name] = fit(model, X, y, loss="bce", optimizer=name, lr=lr, steps=100)
            print(f"{name:>4} (lr {lr}): {say(fr='perte', en='loss')} "
                  f"{histories[name].loss[0]:.4f} -> {histories[name].loss[-1]:.4f}, "
                  f"{say(fr='exactitude', en='accuracy')} {accuracy(model, X, y):.0%}")

        fig, axes = plt.subplots(1, 2, figsize=(11, 4))
        for ax, (name, h) in zip(axes, histories.items()):
            plot_training({"loss": h.loss, "accuracy": h.accuracy}, ax=ax)
            ax.set_title(f"{name}: " + ax.get_title())
        fig.tight_layout()
        plt.show()
        """
    ),
    text(
        """
        Avec le même nombre de pas, Adam descend bien plus bas et sépare les 100 points.

        ## 3. Les mini-lots

        Chaque pas précédent faisait passer les 100 points dans le réseau. Un **mini-lot** n'en
        prend qu'une partie, tirée au hasard : chaque pas coûte moins cher, et le gradient,
        calculé sur moins de points, est un peu bruité, ce qui n'empêche pas d'apprendre. Avec
        des lots de 20 points, une **époque** (un passage sur toutes les données) fait 5 pas ;
        20 époques font les mêmes 100 pas, pour le prix de 20 passages complets.
        """,
        """
        With the same number of steps, Adam goes much lower and separates the 100 points.

        ## 3. Mini-batches

        Every step above ran the 100 points through the network. A **mini-batch** takes only
        some of them, drawn at random: each step is cheaper, and the gradient, computed on
        fewer points, is a little noisy, which does not prevent learning. With batches of 20
        points, one **epoch** (one pass over all the data) is 5 steps; 20 epochs make the same
        100 steps, for the price of 20 full passes.
        """,
    ),
    code(
        """
        random.seed(1)
        model = MLP(2, [16, 1])
        history = fit(model, X, y, loss="bce", optimizer="adam", lr=0.05,
                      batch_size=20, epochs=20, random_state=0)
        print(say(fr=f"{history.steps} pas sur des lots de 20 : perte du dernier lot "
                     f"{history.loss[-1]:.4f}, exactitude sur les 100 points "
                     f"{accuracy(model, X, y):.0%}",
                  en=f"{history.steps} steps on batches of 20: last batch loss "
                     f"{history.loss[-1]:.4f}, accuracy on all 100 points "
                     f"{accuracy(model, X, y):.0%}"))
        """
    ),
    code(
        """
        from retrograd.plot import plot_decision_boundary

        plot_decision_boundary(model, X, y, output="score")
        """
    ),
    text(
        r"""
        ## 4. Tout un lot dans une seule `Value`

        Une `Value` peut aussi contenir un **tableau numpy à une dimension** : un nombre par
        échantillon. Chaque opération s'applique alors à tous les échantillons d'un coup, et le même
        code, le même `MLP`, calcule les sorties des 100 points dans un seul graphe. Les
        poids, eux, restent des nombres : chacun reçoit la somme des gradients venus de tous
        les échantillons.

        Comparons sur la perte « charnière » de la démonstration de micrograd,
        $\max(0,\ 1 - y \cdot \text{score})$ avec des étiquettes $y = \pm 1$, moyennée sur
        les 100 points : un graphe par point, puis un seul graphe pour tout le lot.
        """,
        r"""
        ## 4. A whole batch in one `Value`

        A `Value` can also hold a **one-dimensional numpy array**: one number per sample.
        Every operation then applies to all the samples at once, and the same code, the same
        `MLP`, computes the outputs of the 100 points in a single graph. The weights stay
        plain numbers: each one receives the sum of the gradients coming from all the samples.

        Let us compare on the "hinge" loss of micrograd's demo,
        $\max(0,\ 1 - y \cdot \text{score})$ with labels $y = \pm 1$, averaged over the 100
        points: one graph per point, then one graph for the whole batch.
        """,
    ),
    code(
        """
        from retrograd import topological_order

        signs = 2 * y - 1
        random.seed(1)
        model = MLP(2, [16, 1])

        losses = [(1 - label * model(list(point))).relu() for point, label in zip(X, signs)]
        one_by_one = sum(losses) * (1.0 / len(losses))
        one_by_one.backward()
        gradients = [p.grad for p in model.parameters()]

        model.zero_grad()
        columns = [Value(X[:, 0]), Value(X[:, 1])]
        batch_scores = model(columns)
        batched = (1 - Value(signs) * batch_scores).relu().mean()
        batched.backward()

        loss_word, nodes_word = say(fr="perte", en="loss"), say(fr="nœuds", en="nodes")
        print(say(fr="scores du lot :", en="scores of the batch:"),
              type(batch_scores.data).__name__, batch_scores.data.shape)
        print(f"{say(fr='un point à la fois :', en='one point at a time:')} {loss_word} "
              f"{one_by_one.data:.12f}, {len(topological_order(one_by_one))} {nodes_word}")
        print(f"{say(fr='tout le lot :       ', en='the whole batch:    ')} {loss_word} "
              f"{batched.data:.12f}, {len(topological_order(batched))} {nodes_word}")
        print(say(fr="mêmes gradients (à 1e-12 près) :", en="same gradients (to 1e-12):"),
              all(abs(g - p.grad) < 1e-12 for g, p in zip(gradients, model.parameters())))
        """
    ),
    text(
        """
        Les mêmes nombres, avec un graphe 80 fois plus petit : l'entraînement devient rapide.
        Voici la boucle complète, écrite à la main avec l'optimiseur `Adam` de
        `retrograd.optim` :
        """,
        """
        The same numbers, with a graph 80 times smaller: training becomes fast. Here is the
        whole loop, written by hand with the `Adam` optimizer of `retrograd.optim`:
        """,
    ),
    code(
        """
        from retrograd.optim import Adam

        optimizer = Adam(model.parameters(), lr=0.05)
        for step in range(100):
            batch_scores = model(columns)
            loss = (1 - Value(signs) * batch_scores).relu().mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if step % 20 == 0 or step == 99:
                right = np.mean((batch_scores.data > 0) == (signs > 0))
                print(f"{say(fr='pas', en='step')} {step:2d}: {say(fr='perte', en='loss')} "
                      f"{loss.data:.4f}, {say(fr='exactitude', en='accuracy')} {right:.0%}")
        """
    ),
    text(
        """
        ## 5. Enregistrer un modèle

        `retrograd.modelfile.save` écrit l'architecture et chaque poids dans un fichier JSON lisible,
        avec une somme de contrôle ; les flottants y sont écrits de façon à relire exactement
        le même nombre. `load` reconstruit le modèle (aucun code n'est exécuté à la lecture :
        pas de `pickle`).
        """,
        """
        ## 5. Saving a model

        `retrograd.modelfile.save` writes the architecture and every weight to a readable JSON file,
        with a checksum; floats are written so that they read back as exactly the same number.
        `load` rebuilds the model (no code is run while reading: no `pickle`).
        """,
    ),
    code(
        """
        from retrograd.modelfile import load, save

        path = save(model, "moons_model.json",
                    metadata={"data": "make_moons(100, noise=0.1, random_state=0)"})
        print(path.read_text()[:160], "...")

        loaded = load(path)
        same = all(p.data == q.data for p, q in zip(model.parameters(), loaded.parameters()))
        print(say(fr=f"mêmes poids : {same} ; exactitude du modèle relu : {accuracy(loaded, X, y):.0%}",
                  en=f"same weights: {same}; accuracy of the loaded model: {accuracy(loaded, X, y):.0%}"))
        """
    ),
    text(
        """
        ## 6. Passer dans PyTorch

        `to_torch` construit un `torch.nn.Sequential` avec les mêmes poids (en `float64`) :
        une couche `Linear` par couche du MLP, suivie de son activation (la dernière,
        linéaire, n'en a pas). `from_torch` fait le
        chemin inverse. Le réseau PyTorch calcule les mêmes sorties, sur tous les points d'un
        coup ; on peut le réentraîner avec les outils de PyTorch, puis le ramener dans
        retrograd.
        """,
        """
        ## 6. Moving to PyTorch

        `to_torch` builds a `torch.nn.Sequential` with the same weights (in `float64`): one
        `Linear` layer per layer of the MLP, followed by its activation (the last one,
        linear, has none). `from_torch` goes the
        other way. The PyTorch network computes the same outputs, on all the points at once;
        it can be trained further with PyTorch's tools, then brought back to retrograd.
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
            from retrograd.torch_bridge import from_torch, to_torch
            from retrograd.train import scores

            net = to_torch(loaded)
            print(net)
            with torch.no_grad():
                torch_scores = net(torch.tensor(X)).squeeze(1).numpy()
            print(say(fr="mêmes sorties que retrograd (à 1e-12 près) :",
                      en="same outputs as retrograd (to 1e-12):"),
                  bool(np.allclose(torch_scores, scores(loaded, X), rtol=0, atol=1e-12)))
        """
    ),
    code(
        """
        if torch is not None:
            torch.manual_seed(0)
            optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
            inputs, targets = torch.tensor(X), torch.tensor(y, dtype=torch.float64)
            for step in range(50):
                optimizer.zero_grad()
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    net(inputs).squeeze(1), targets)
                loss.backward()
                optimizer.step()
            back = from_torch(net)
            print(say(fr=f"de retour dans retrograd : un MLP de {len(back.parameters())} paramètres",
                      en=f"back in retrograd: an MLP with {len(back.parameters())} parameters"))
            print(say(fr=f"après 50 pas de plus dans PyTorch : perte {loss.item():.4f}, "
                         f"exactitude dans retrograd {accuracy(back, X, y):.0%}",
                      en=f"after 50 more steps in PyTorch: loss {loss.item():.4f}, "
                         f"accuracy in retrograd {accuracy(back, X, y):.0%}"))
        """
    ),
    text(
        """
        ## À retenir

        - `backward_steps` et `stepthrough_html` montrent chaque pas de la règle de la chaîne.
        - `fit` écrit la boucle d'entraînement une fois : perte, optimiseur (SGD, Adam),
          taux d'apprentissage qui évolue au fil des pas, mini-lots.
        - Une `Value` peut porter tout un lot d'exemples : le même code, un graphe bien plus
          petit.
        - Un modèle s'enregistre en JSON exact et passe dans PyTorch, puis en revient.
        """,
        """
        ## Key points

        - `backward_steps` and `stepthrough_html` show every step of the chain rule.
        - `fit` writes the training loop once: loss, optimizer (SGD, Adam), learning-rate
          schedule, mini-batches.
        - A `Value` can carry a whole batch of samples: the same code, a much smaller graph.
        - A model saves to exact JSON and moves to PyTorch, and back.
        """,
    ),
)

NOTEBOOK = Notebook(5, "au_dela_du_cours", "beyond_the_course", CELLS)
