"""Generic numbers: Values over int, float and Fraction, after the Julia lesson."""

from cells import Notebook, code, text

CELLS = (
    text(
        """
        # Des nombres génériques : entiers, flottants, fractions

        La version Julia du cours (un notebook Pluto) écrit une `Value{T}` **paramétrée** par
        le type de son nombre : `Value{Int64}`, `Value{Float32}`, `Value{Float64}`… Quand on
        mélange deux types, des **règles de promotion** choisissent le type du résultat.

        En Python, une `Value` de retrograd accepte un `int`, un `float` ou une
        `fractions.Fraction`, sans le déclarer : le type de chaque résultat est celui que
        donne l'arithmétique de Python. Ce notebook montre :

        1. des `Value` sur des entiers, des flottants et des fractions ;
        2. des gradients **exacts**, en nombres rationnels ;
        3. ce que « promotion » veut dire en Python, comparé aux règles de Julia.

        Le code Julia dont il est question est montré à côté du Python : le type `Value{T}`,
        la mesure numérique d'un gradient (`try_grad`) et les règles de promotion. C'est
        une réécriture courte de celui du notebook Pluto, qui suit la séance d'Andrej
        Karpathy sur micrograd (https://github.com/karpathy/micrograd).
        """,
        """
        # Generic numbers: integers, floats, fractions

        The Julia version of the course (a Pluto notebook) writes a `Value{T}`
        **parametrised** by the type of its number: `Value{Int64}`, `Value{Float32}`,
        `Value{Float64}`... When two types are mixed, **promotion rules** choose the type of
        the result.

        In Python, a retrograd `Value` takes an `int`, a `float` or a `fractions.Fraction`,
        without declaring it: the type of each result is whatever Python's arithmetic gives.
        This notebook shows:

        1. `Value`s over integers, floats and fractions;
        2. **exact** gradients, in rational numbers;
        3. what "promotion" means in Python, compared with Julia's rules.

        The Julia code under discussion is shown beside the Python: the `Value{T}` type, the
        numerical measurement of a gradient (`try_grad`) and the promotion rules. It is a
        short rewrite of the Pluto notebook's, which follows Andrej Karpathy's lecture on
        micrograd (https://github.com/karpathy/micrograd).
        """,
    ),
    code(
        """
        from retrograd.language import say, set_language

        set_language("@lang@")

        from fractions import Fraction

        import numpy as np

        from retrograd import Value
        from retrograd.graph import draw_dot


        def show(x):
            x = x.data if isinstance(x, Value) else x
            return f"{x!s:>20}  ({type(x).__name__})"
        """
    ),
    text(
        """
        ## 1. Entiers, flottants, fractions

        ### `Value{T}` en Julia

        En Julia, le type du nombre fait partie du type de la `Value` : `T` est un
        sous-type de `Real`, et `data` comme `grad` sont de type `T`. Le constructeur part
        d'un gradient nul du même type, `zero(T)`, et d'une fonction `_backward` qui ne fait
        rien :

        ```julia
        mutable struct Value{T <: Real}
            data::T
            grad::T
            _prev::Set
            _op::Symbol
            _backward::Function
            label::String
        end

        Value(data::T; children=(), op=:none, label="") where {T <: Real} =
            Value{T}(data, zero(T), Set(children), op, () -> nothing, label)

        function Base.:+(a::Value{T}, b::Value{T}) where {T <: Real}
            out = Value(a.data + b.data; children=(a, b), op=:+)
            out._backward = () -> (a.grad += out.grad; b.grad += out.grad)
            out
        end
        ```

        La méthode `+` n'est écrite que pour deux `Value` **du même** `T` : `Value(2) + Value(2.0)`
        demande une règle de promotion (partie 3). En Python, la classe ne nomme aucun
        type ; `Value(2)` garde l'entier de Python, `Value(2.0)` le flottant :

        ```python
        class Value:
            def __init__(self, data, _children=(), _op="", label=""):
                self.data = data          # int, float ou Fraction
                ...
        ```

        Sur des entiers, les sommes et les produits restent entiers, et les gradients aussi :
        """,
        """
        ## 1. Integers, floats, fractions

        ### `Value{T}` in Julia

        In Julia, the type of the number is part of the type of the `Value`: `T` is a
        subtype of `Real`, and both `data` and `grad` have type `T`. The constructor starts
        from a zero gradient of the same type, `zero(T)`, and a `_backward` function that
        does nothing:

        ```julia
        mutable struct Value{T <: Real}
            data::T
            grad::T
            _prev::Set
            _op::Symbol
            _backward::Function
            label::String
        end

        Value(data::T; children=(), op=:none, label="") where {T <: Real} =
            Value{T}(data, zero(T), Set(children), op, () -> nothing, label)

        function Base.:+(a::Value{T}, b::Value{T}) where {T <: Real}
            out = Value(a.data + b.data; children=(a, b), op=:+)
            out._backward = () -> (a.grad += out.grad; b.grad += out.grad)
            out
        end
        ```

        `+` is written only for two `Value`s **of the same** `T`: `Value(2) + Value(2.0)`
        needs a promotion rule (part 3). In Python, the class names no type; `Value(2)` keeps
        Python's integer, `Value(2.0)` the float:

        ```python
        class Value:
            def __init__(self, data, _children=(), _op="", label=""):
                self.data = data          # int, float or Fraction
                ...
        ```

        On integers, sums and products stay integers, and so do the gradients:
        """,
    ),
    code(
        """
        a, b, c = Value(2, label="a"), Value(-3, label="b"), Value(10, label="c")
        f = Value(-2, label="f")
        L = (a * b + c) * f; L.label = "L"
        L.backward()
        print("L    ", show(L))
        print("dL/da", show(a.grad))
        print("dL/db, dL/dc, dL/df:", b.grad, c.grad, f.grad)
        draw_dot(L, rankdir="TB")
        """
    ),
    text(
        """
        Les entiers de Python n'ont pas de limite : $2^{100}$ et sa dérivée $100 \\times 2^{99}$
        sont exacts. En Julia, un `Int64` déborde sans prévenir (`2^100` y vaut 0).
        """,
        """
        Python's integers have no limit: $2^{100}$ and its derivative $100 \\times 2^{99}$ are
        exact. In Julia, an `Int64` overflows silently (`2^100` is 0 there).
        """,
    ),
    code(
        """
        x = Value(2)
        power = x**100
        power.backward()
        print("2**100      =", power.data)
        print("100 * 2**99 =", x.grad)
        """
    ),
    text(
        """
        La division, elle, sort des entiers : $a / b$ est calculé comme $a \\times b^{-1}$, et
        en Python `4 ** -1` vaut `0.25`, un flottant. Les **fractions** restent exactes pour
        les quatre opérations :
        """,
        """
        Division, on the other hand, leaves the integers: $a / b$ is computed as
        $a \\times b^{-1}$, and in Python `4 ** -1` is `0.25`, a float. **Fractions** stay exact
        through all four operations:
        """,
    ),
    code(
        """
        print("Value(1) / Value(4)      ", show(Value(1) / Value(4)))
        print("Fraction(1) / Fraction(4)", show(Value(Fraction(1)) / Value(Fraction(4))))
        print("1/3 + 1/6                ", show(Value(Fraction(1, 3)) + Fraction(1, 6)))
        print("0.1 + 0.2                ", show(Value(0.1) + 0.2))
        print("1/10 + 2/10              ", show(Value(Fraction(1, 10)) + Fraction(2, 10)))
        """
    ),
    text(
        r"""
        ## 2. Des gradients exacts

        ### La parabole de la leçon 1

        La pente mesurée de $f(x) = 3x^2 - 4x + 5$ en $x = 3$ était 14,00000009… ; en
        $x = 2/3$, elle tombait sur 0,0, mais par le jeu des arrondis. Avec une fraction, plus de
        mesure ni d'arrondi : `backward()` donne la dérivée exacte.
        """,
        r"""
        ## 2. Exact gradients

        ### The parabola of lesson 1

        The measured slope of $f(x) = 3x^2 - 4x + 5$ at $x = 3$ was 14.00000009...; at
        $x = 2/3$ it happened to land on 0.0 thanks to rounding. With a fraction there is no
        measurement and no rounding: `backward()` gives the exact derivative.
        """,
    ),
    code(
        """
        for x0 in (Fraction(3), Fraction(2, 3), Fraction(1, 7)):
            x = Value(x0)
            fx = 3 * x**2 - 4 * x + 5
            fx.backward()
            print(f"x = {x0}: f(x) = {fx.data}, f'(x) = {x.grad} (6x - 4 = {6 * x0 - 4})")
        """
    ),
    text(
        r"""
        ### La mesure de Julia, `try_grad`

        Le notebook Julia vérifie $\partial L / \partial d$ (où $d = a \times b$ est un nœud
        intermédiaire de $L = (a \times b + c) \times f$) en refaisant le calcul avec $d$
        augmenté de $h = 0{,}001$ :

        ```julia
        function try_grad(h = 0.001)
            L_at(dh) = ((2.0 * -3.0 + dh) + 10.0) * -2.0
            (L_at(h) - L_at(0.0)) / h
        end
        try_grad()    # -2.000000000000668
        ```

        Le même calcul en Python, en flottants puis en fractions : en flottants, on retrouve
        au dernier chiffre le nombre de Julia (les deux langages calculent en double
        précision IEEE 754) ; en fractions, la mesure tombe exactement sur -2, car $L$ est
        linéaire en $d$.
        """,
        r"""
        ### Julia's measurement, `try_grad`

        The Julia notebook checks $\partial L / \partial d$ (where $d = a \times b$ is an
        intermediate node of $L = (a \times b + c) \times f$) by computing again with $d$
        increased by $h = 0.001$:

        ```julia
        function try_grad(h = 0.001)
            L_at(dh) = ((2.0 * -3.0 + dh) + 10.0) * -2.0
            (L_at(h) - L_at(0.0)) / h
        end
        try_grad()    # -2.000000000000668
        ```

        The same computation in Python, in floats then in fractions: in floats we find
        Julia's number to the last digit (both languages compute in IEEE 754 double
        precision); in fractions, the measurement lands exactly on -2, since $L$ is linear in
        $d$.
        """,
    ),
    code(
        """
        def try_grad(h, a=2.0, b=-3.0, c=10.0, f=-2.0):
            def L_at(dh):
                return ((a * b + dh) + c) * f
            return (L_at(h) - L_at(0 * h)) / h

        print(say(fr="en flottants :", en="in floats:   "), try_grad(0.001))
        print(say(fr="en fractions :", en="in fractions:"),
              try_grad(Fraction(1, 1000), Fraction(2), Fraction(-3), Fraction(10), Fraction(-2)))
        """
    ),
    text(
        r"""
        ### Une division

        Pour $q = a / b$ avec $a = 1/3$ et $b = 2/5$ : $q = 5/6$,
        $\partial q / \partial a = 1/b = 5/2$ et $\partial q / \partial b = -a / b^2 = -25/12$.
        """,
        r"""
        ### A division

        For $q = a / b$ with $a = 1/3$ and $b = 2/5$: $q = 5/6$,
        $\partial q / \partial a = 1/b = 5/2$ and $\partial q / \partial b = -a / b^2 = -25/12$.
        """,
    ),
    code(
        """
        a = Value(Fraction(1, 3), label="a")
        b = Value(Fraction(2, 5), label="b")
        q = a / b; q.label = "q"
        q.backward()
        print("q =", q.data, "  dq/da =", a.grad, "  dq/db =", b.grad)
        """
    ),
    text(
        """
        ### Où l'exactitude s'arrête

        $e^x$, $\\ln x$, $\\tanh x$ ou la sigmoïde d'un rationnel ne sont en général pas
        rationnels : ces opérations renvoient un flottant. Dans un neurone, tout reste exact
        jusqu'à la somme pondérée, puis l'activation passe en flottant, et avec elle tous les
        gradients qui la traversent.
        """,
        """
        ### Where exactness stops

        $e^x$, $\\ln x$, $\\tanh x$ or the sigmoid of a rational number are in general not
        rational: these operations return a float. In a neuron everything stays exact up to
        the weighted sum, then the activation switches to floats, and so do all the gradients
        that go through it.
        """,
    ),
    code(
        """
        x1, x2 = Value(Fraction(2), label="x1"), Value(Fraction(1, 2), label="x2")
        w1, w2 = Value(Fraction(-3, 4), label="w1"), Value(Fraction(1, 3), label="w2")
        b = Value(Fraction(1, 6), label="b")
        n = x1 * w1 + x2 * w2 + b; n.label = "n"
        o = n.tanh(); o.label = "o"
        o.backward()
        print("n     ", show(n))
        print("o     ", show(o))
        print("do/dw1", show(w1.grad))
        """
    ),
    text(
        """
        ### Apprendre en fractions ?

        Une descente de gradient en fractions est exacte, mais les dénominateurs grandissent à
        chaque pas. Ajustons un seul poids $w$ pour que $w \\cdot x$ approche $y = 2x$ sur deux
        points, $(1, 2)$ et $(1/3, 2/3)$, avec un taux d'apprentissage de $1/10$ :
        """,
        """
        ### Learning in fractions?

        Gradient descent in fractions is exact, but the denominators grow at every step. Let us
        fit a single weight $w$ so that $w \\cdot x$ approaches $y = 2x$ on two points,
        $(1, 2)$ and $(1/3, 2/3)$, with a learning rate of $1/10$:
        """,
    ),
    code(
        """
        w = Value(Fraction(0))
        data = [(Fraction(1), Fraction(2)), (Fraction(1, 3), Fraction(2, 3))]
        for step in range(6):
            loss = sum((w * x - target) ** 2 for x, target in data)
            w.grad = 0
            loss.backward()
            w.data -= Fraction(1, 10) * w.grad
            print(f"{say(fr='pas', en='step')} {step}: {say(fr='perte', en='loss')} = {loss.data}, "
                  f"w = {w.data} = {float(w.data):.6f}")
        """
    ),
    text(
        """
        Le poids s'approche de 2 et chaque valeur est exacte, mais le dénominateur de $w$ est
        multiplié par 9 à chaque pas (celui de la perte, par 81) : sur des milliers de pas et
        de paramètres, le calcul deviendrait très lent. C'est pourquoi on apprend en nombres
        flottants ; les fractions servent à **vérifier** des gradients sans aucune erreur
        d'arrondi.

        ## 3. La promotion : Python et Julia

        En Julia, le type d'une `Value{T}` est fixé à sa création. Pour `Value{T} + S`, des
        règles (`promote_rule`, `convert`) convertissent d'abord les deux opérandes vers un
        type commun, puis appellent la méthode écrite pour deux `Value{T}`. Le notebook Pluto
        en déclare pour chaque cas : `Value{Int64} + Int64 → Value{Int64}`,
        `Value{Float64} + Int32 → Value{Float64}`, `Value{Float64} + Float32 → Value{Float64}`…
        En voici l'essentiel :

        ```julia
        import Base: promote_rule, convert

        # un nombre réel S rejoint une Value{T} : il est converti en T, puis placé dans une Value
        convert(::Type{Value{T}}, x::Real) where {T <: Real} = Value(T(x))
        promote_rule(::Type{Value{T}}, ::Type{S}) where {T <: Real, S <: Real} = Value{T}

        # deux Value de types différents : le type commun de Julia, promote_type(T, S) ;
        # la Value convertie est une nouvelle feuille, comme dans le notebook Pluto
        promote_rule(::Type{Value{T}}, ::Type{Value{S}}) where {T <: Real, S <: Real} =
            Value{promote_type(T, S)}
        convert(::Type{Value{T}}, v::Value) where {T <: Real} = Value(T(v.data))

        # toute opération entre types mélangés passe par promote, puis par la méthode à un T
        # (plus précise, elle est choisie dès que les deux T sont égaux)
        Base.:+(a::Value, b::Union{Real, Value}) = +(promote(a, b)...)
        Base.:*(a::Value, b::Union{Real, Value}) = *(promote(a, b)...)

        promote(Value(2.0), Float32(π))   # (Value(data=2.0), Value(data=3.1415927410125732))
        ```

        En Python, aucune règle à écrire : retrograd place un nombre dans une `Value` sans
        le convertir (`other if isinstance(other, Value) else Value(other)`) ; chaque
        opération calcule avec les nombres qu'elle reçoit, et le **type du résultat** est
        celui que donne Python pour ces deux nombres. La « tour numérique » de Python va de
        `int` à `float` en passant par `Fraction` : le résultat prend le plus général des
        deux.
        """,
        """
        The weight approaches 2 and every value is exact, but the denominator of $w$ is
        multiplied by 9 at every step (the loss's, by 81): over thousands of steps and
        parameters the computation would crawl.
        This is why learning uses floating-point numbers; fractions are for **checking**
        gradients without any rounding error.

        ## 3. Promotion: Python and Julia

        In Julia, the type of a `Value{T}` is fixed when it is created. For `Value{T} + S`,
        rules (`promote_rule`, `convert`) first convert both operands to a common type, then
        call the method written for two `Value{T}`. The Pluto notebook declares them case by
        case: `Value{Int64} + Int64 → Value{Int64}`, `Value{Float64} + Int32 →
        Value{Float64}`, `Value{Float64} + Float32 → Value{Float64}`... Here is the gist:

        ```julia
        import Base: promote_rule, convert

        # a real number S joins a Value{T}: it is converted to T, then wrapped
        convert(::Type{Value{T}}, x::Real) where {T <: Real} = Value(T(x))
        promote_rule(::Type{Value{T}}, ::Type{S}) where {T <: Real, S <: Real} = Value{T}

        # two Values of different types: Julia's common type, promote_type(T, S);
        # the converted Value is a new leaf, as in the Pluto notebook
        promote_rule(::Type{Value{T}}, ::Type{Value{S}}) where {T <: Real, S <: Real} =
            Value{promote_type(T, S)}
        convert(::Type{Value{T}}, v::Value) where {T <: Real} = Value(T(v.data))

        # every mixed-type operation goes through promote, then through the one-T method
        # (more specific, it is chosen as soon as both T are equal)
        Base.:+(a::Value, b::Union{Real, Value}) = +(promote(a, b)...)
        Base.:*(a::Value, b::Union{Real, Value}) = *(promote(a, b)...)

        promote(Value(2.0), Float32(π))   # (Value(data=2.0), Value(data=3.1415927410125732))
        ```

        In Python there are no rules to write: retrograd wraps a number in a `Value` without
        converting it (`other if isinstance(other, Value) else Value(other)`), and each
        operation computes with the numbers it is given, and the **type of the result** is whatever Python gives for those two numbers.
        Python's "numeric tower" goes from `int` to `Fraction` to `float`: the result takes the
        more general of the two.
        """,
    ),
    code(
        """
        samples = {"int": 2, "Fraction": Fraction(1, 2), "float": 0.5}
        print(f"{'Value(...) + ...':<28}{say(fr='résultat', en='result'):>20}  (type)")
        for left_name, left in samples.items():
            for right_name, right in samples.items():
                print(f"{'Value(' + left_name + ') + ' + right_name:<28}{show(Value(left) + right)}")
        """
    ),
    text(
        """
        Deux différences avec Julia :

        - **Rien à déclarer.** En Julia, une opération entre deux types n'existe que si une
          méthode ou une règle de promotion la prévoit ; sinon, c'est une `MethodError` (le
          notebook Pluto écrit une règle par cas). En Python, une `Value` mélange librement
          `int`, `Fraction` et `float`, et le type peut changer en cours de calcul :
          `Value(1) / Value(4)` vaut 0,25, un flottant.
        - **Un seul type flottant.** Python n'a que `float` (64 bits). Un `numpy.float32` est
          converti en `float` dès l'entrée dans une `Value` : exactement comme
          `promote(vf64, Float32(π))` dans le notebook Julia, on obtient 3,1415927410125732, le
          π de 32 bits écrit en 64 bits. Les calculs se font ensuite en double précision.
        """,
        """
        Two differences from Julia:

        - **Nothing to declare.** In Julia, an operation between two types exists only if a
          method or a promotion rule provides it; otherwise it is a `MethodError` (the Pluto
          notebook writes one rule per case). In Python, a `Value` mixes `int`, `Fraction` and
          `float` freely, and the type may change during a computation: `Value(1) / Value(4)`
          is 0.25, a float.
        - **A single floating-point type.** Python has only `float` (64 bits). A
          `numpy.float32` is converted to `float` as soon as it enters a `Value`: exactly like
          `promote(vf64, Float32(π))` in the Julia notebook, we get 3.1415927410125732, the
          32-bit π written in 64 bits. Computations then run in double precision.
        """,
    ),
    code(
        """
        pi32 = Value(np.float32(np.pi))
        print("Value(np.float32(pi))", show(pi32))
        print("Value(np.int32(16))  ", show(Value(np.int32(16))))
        print("2.0 * Value(2)       ", show(2.0 * Value(2)))
        """
    ),
    text(
        """
        Une conséquence pratique : un paramètre entier devient flottant à sa première mise à
        jour avec un taux d'apprentissage flottant. C'est ce qui arrive au biais d'un neurone,
        qui part de l'entier 0 (comme dans micrograd) :
        """,
        """
        A practical consequence: an integer parameter becomes a float at its first update with
        a float learning rate. This is what happens to a neuron's bias, which starts at the
        integer 0 (as in micrograd):
        """,
    ),
    code(
        """
        import random

        from retrograd import Neuron

        random.seed(0)
        neuron = Neuron(2)
        print(say(fr="biais avant :", en="bias before:"), show(neuron.b))
        out = neuron([1.0, 2.0])
        out.backward()
        for p in neuron.parameters():
            p.data -= 0.1 * p.grad
        print(say(fr="biais après :", en="bias after: "), show(neuron.b))
        """
    ),
    text(
        """
        ## À retenir

        - Une `Value` de retrograd calcule avec des `int`, des `float` ou des `Fraction` ; le
          type de chaque résultat est celui de l'arithmétique de Python.
        - Avec des fractions, valeurs et gradients sont exacts tant que le calcul reste
          rationnel (`+ - * /` et puissances entières) ; `exp`, `log`, `tanh`, `sigmoid`
          passent en flottant.
        - Julia fixe le type à la création et le fait respecter par des règles de promotion ;
          Python suit les valeurs, et n'a qu'un seul type flottant.
        """,
        """
        ## Key points

        - A retrograd `Value` computes with `int`s, `float`s or `Fraction`s; the type of each
          result is the one Python's arithmetic gives.
        - With fractions, values and gradients are exact as long as the computation stays
          rational (`+ - * /` and integer powers); `exp`, `log`, `tanh`, `sigmoid` switch to
          floats.
        - Julia fixes the type at creation and enforces it with promotion rules; Python follows
          the values, and has a single floating-point type.
        """,
    ),
)

NOTEBOOK = Notebook(4, "nombres_generiques", "generic_numbers", CELLS)
